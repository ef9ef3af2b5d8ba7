//! Stage 1: splits a question file into its TOML front matter and its Markdown body.
//! It only finds the `+++` lines; it must not parse TOML or Markdown.

use crate::diag::{Diagnostic, SourceFile};

/// The two parts of a question file, each with its byte offset in the file.
pub struct Split<'a> {
    pub front_matter: &'a str,
    pub front_matter_offset: usize,
    /// Offset of the closing `+++` line: where a missing field would be added.
    pub closing_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

pub fn split(file: &SourceFile) -> Result<Split<'_>, Diagnostic> {
    let text = file.text.as_str();
    let mut lines = lines_with_offsets(text);
    let opened = lines.next().is_some_and(|(_, line)| is_fence(line));
    if !opened {
        let hint = if text.starts_with("---") {
            "Rehearse front matter is TOML between two `+++` lines, not YAML between `---` lines"
        } else {
            "start the file with a line `+++`, then the TOML fields, then another line `+++`"
        };
        return Err(file.error(
            0,
            "missing front matter: the first line must be `+++`",
            hint,
        ));
    }
    let front_matter_offset = text.find('\n').map_or(text.len(), |i| i + 1);
    for (start, line) in lines {
        if is_fence(line) {
            let body_offset = (start + line.len() + 1).min(text.len());
            return Ok(Split {
                front_matter: &text[front_matter_offset..start],
                front_matter_offset,
                closing_offset: start,
                body: &text[body_offset..],
                body_offset,
            });
        }
    }
    Err(file.error(
        0,
        "the front matter is never closed",
        "add a line `+++` after the last front-matter field",
    ))
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "+++"
}

/// Lines without their `\n`, with the byte offset where each starts.
fn lines_with_offsets(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n').scan(0, |start, line| {
        let this = *start;
        *start += line.len() + 1;
        Some((this, line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("q.md".into(), text.into())
    }

    #[test]
    fn splits_front_matter_and_body_with_offsets() {
        let f = file("+++\r\nid = \"x\"\r\n+++\r\n\r\n## Explanation\r\n");
        let s = split(&f).ok().unwrap();
        assert_eq!(s.front_matter, "id = \"x\"\r\n");
        assert_eq!(s.front_matter_offset, 5);
        assert_eq!(s.body, "\r\n## Explanation\r\n");
        assert_eq!(&f.text[s.body_offset..], s.body);
    }

    #[test]
    fn a_file_that_ends_at_the_closing_line_has_an_empty_body() {
        let f = file("+++\nid = \"x\"\n+++");
        let s = split(&f).ok().unwrap();
        assert_eq!(s.body, "");
    }
}
