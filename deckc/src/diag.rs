//! Diagnostics: what went wrong, where in the file (line:col), and how to fix it.
//! It must not decide what is wrong; the stages do that and only report here.

use std::fmt;

/// One content problem, shown as `path:line:col: error: message` and a hint line.
///
/// Fields are ordered so that sorting diagnostics sorts them by file, then position.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file as the author knows it, e.g. `content/questions/rate-limiting.md`.
    pub path: String,
    /// 1-based line in the file's own coordinates.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub col: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}\n  hint: {}",
            self.path, self.line, self.col, self.message, self.hint
        )
    }
}

/// Maps byte offsets of a whole file to 1-based line and column.
///
/// Columns count characters, and a `\r` before `\n` belongs to the line break,
/// so CRLF files get the same positions as LF files.
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { line_starts }
    }

    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let col = text[start..offset].trim_end_matches('\r').chars().count() + 1;
        (line, col)
    }
}

/// A file being checked: its display path, its text, and where its lines start.
/// Every stage reports through it, with byte offsets into the whole file.
pub struct SourceFile {
    pub path: String,
    pub text: String,
    lines: LineIndex,
}

impl SourceFile {
    pub fn new(path: String, text: String) -> SourceFile {
        let lines = LineIndex::new(&text);
        SourceFile { path, text, lines }
    }

    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    pub fn error(
        &self,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Diagnostic {
        let (line, col) = self.line_col(offset);
        Diagnostic {
            path: self.path.clone(),
            line,
            col,
            message: message.into(),
            hint: hint.into(),
        }
    }

    /// The offset just after the last non-blank character: where an author would append.
    pub fn end(&self) -> usize {
        self.text.trim_end().len()
    }
}

/// A diagnostic for a file that could not be read at all.
pub fn file_error(path: &str, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
    Diagnostic {
        path: path.to_string(),
        line: 1,
        col: 1,
        message: message.into(),
        hint: hint.into(),
    }
}

/// The closest candidate to a misspelt name, if one is close enough to be a likely typo
/// (Levenshtein distance, in characters) or the two share most of a beginning (`cache`
/// for `caching`).
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong = wrong.to_lowercase();
    let limit = if wrong.chars().count() <= 4 { 1 } else { 2 };
    candidates
        .into_iter()
        .map(|c| (c, c.to_lowercase()))
        .filter_map(|(c, lower)| {
            let distance = strsim::levenshtein(&wrong, &lower);
            let shared = wrong
                .chars()
                .zip(lower.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let shorter = wrong.chars().count().min(lower.chars().count());
            (distance <= limit || (shared >= 3 && shared + 2 >= shorter)).then_some((distance, c))
        })
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// "did you mean `x`? " or nothing, to start a hint with.
pub fn suggestion<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    match did_you_mean(wrong, candidates) {
        Some(c) => format!("did you mean `{c}`? "),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(text: &str, offset: usize) -> (usize, usize) {
        LineIndex::new(text).line_col(text, offset)
    }

    #[test]
    fn first_character_is_line_1_column_1() {
        assert_eq!(position("abc", 0), (1, 1));
    }

    #[test]
    fn lines_and_columns_are_one_based_with_lf() {
        let text = "+++\nid = 1\n+++\n";
        assert_eq!(position(text, 4), (2, 1));
        assert_eq!(position(text, 9), (2, 6));
        assert_eq!(position(text, 11), (3, 1));
    }

    #[test]
    fn crlf_line_breaks_give_the_same_positions_as_lf() {
        let lf = "+++\nid = 1\nkind = 2\n";
        let crlf = lf.replace('\n', "\r\n");
        let at = |text: &str, needle: &str| position(text, text.find(needle).unwrap());
        assert_eq!(at(&crlf, "kind"), at(lf, "kind"));
        assert_eq!(at(&crlf, "2"), (3, 8));
        // The end of a CRLF line (on the `\r` or the `\n`) is the column after its last character.
        assert_eq!(position(&crlf, crlf.find('\r').unwrap()), (1, 4));
        assert_eq!(position(&crlf, crlf.find('\n').unwrap()), (1, 4));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(position("é = \"ü\" x", 9), (1, 8));
    }

    #[test]
    fn offsets_past_the_end_clamp_to_the_end() {
        assert_eq!(position("ab\n", 99), (2, 1));
    }

    #[test]
    fn front_matter_offsets_become_file_positions() {
        // A TOML error at offset 5 of the front matter is on line 3 of the file,
        // because the front matter starts after the opening `+++` line.
        let file = "+++\r\nid = \"x\"\r\nkind = \r\n+++\r\n";
        let front_matter_start = file.find("id").unwrap();
        let error_in_front_matter = "id = \"x\"\r\nkind = ".len();
        let source = SourceFile::new("q.md".into(), file.into());
        assert_eq!(
            source.line_col(front_matter_start + error_in_front_matter),
            (3, 8)
        );
    }

    #[test]
    fn near_misses_are_suggested_and_far_ones_are_not() {
        let tags = ["apis", "security", "databases"];
        assert_eq!(did_you_mean("api", tags), Some("apis"));
        assert_eq!(did_you_mean("secuirty", tags), Some("security"));
        assert_eq!(did_you_mean("database", tags), Some("databases"));
        assert_eq!(did_you_mean("secure", tags), Some("security"));
        assert_eq!(did_you_mean("cache", ["caching", "apis"]), Some("caching"));
        assert_eq!(did_you_mean("frontend", tags), None);
    }

    #[test]
    fn display_is_path_line_col_error_and_hint() {
        let d = Diagnostic {
            path: "content/questions/x.md".into(),
            line: 4,
            col: 9,
            message: "unknown tag `api`".into(),
            hint: "did you mean `apis`?".into(),
        };
        assert_eq!(
            d.to_string(),
            "content/questions/x.md:4:9: error: unknown tag `api`\n  hint: did you mean `apis`?"
        );
    }
}
