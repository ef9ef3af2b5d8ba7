//! The app's entry point: mount the shell. Nothing else belongs here.

fn main() {
    rehearse::shell::start();
}
