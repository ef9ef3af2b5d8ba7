fn main() {
    let args: Vec<String> = std::env::args().collect();
    match deckc::compile(std::path::Path::new(&args[1]), "content", "DECK") {
        Ok(c) => {
            println!("{}", c.rust_source);
            eprintln!("OK {}", c.n_questions)
        }
        Err(d) => {
            for x in d {
                println!("{x}")
            }
        }
    }
}
