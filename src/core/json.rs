//! A minimal JSON reader and writer for the storage format, in place of serde_json.
//! It must stay total (any input gives a value or an error with a byte position, never
//! a panic), must never parse or format a float, and must not grow generic machinery:
//! it exists because serde_json's deserializer and messages cost ~18 KB of the wasm.
//!
//! Reading is pull-style: the caller asks for the value it expects (`object`, `string`,
//! `int`, …) and gets an error where the text holds something else, so no JSON tree is
//! ever built. Numbers are integers only: a fraction or exponent is valid JSON, and is
//! skipped where it is not wanted, but is never an integer's value.

/// Where reading stopped, as a byte offset into the text.
#[derive(Clone, Copy, PartialEq)]
#[cfg_attr(test, derive(Debug))]
pub struct Error(pub usize);

pub type Result<T> = core::result::Result<T, Error>;

/// Deeper nesting than any Rehearse value has, and shallow enough that skipping a
/// hostile value cannot exhaust the stack.
const MAX_DEPTH: u8 = 32;

impl Error {
    /// The 1-based line and column (in characters) of the position, for people to find it.
    pub fn line_col(self, text: &str) -> (usize, usize) {
        let bytes = text.as_bytes();
        let before = bytes.get(..self.0).unwrap_or(bytes);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        // UTF-8 continuation bytes (0b10xx_xxxx) do not start a character.
        let column = before.iter().rev().take_while(|&&b| b != b'\n');
        (line, 1 + column.filter(|&&b| b & 0xC0 != 0x80).count())
    }
}

/// Checks that `text` is one JSON value and nothing more. Reading a value of the right
/// shape afterwards can then only fail because of its shape, which is a different
/// message for the user.
pub fn validate(text: &str) -> Result<()> {
    let mut r = Reader::new(text);
    r.skip()?;
    r.finish()
}

pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    depth: u8,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader {
            text,
            pos: 0,
            depth: 0,
        }
    }

    fn err<T>(&self) -> Result<T> {
        Err(Error(self.pos))
    }

    fn byte(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Consumes `b` if it comes next, without skipping whitespace (inside a token).
    fn take(&mut self, b: u8) -> bool {
        let found = self.byte() == Some(b);
        self.pos += usize::from(found);
        found
    }

    /// Skips whitespace and returns the next byte, if any.
    fn peek(&mut self) -> Option<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.byte() {
            self.pos += 1;
        }
        self.byte()
    }

    /// Consumes `b` if it is the next token.
    fn eat(&mut self, b: u8) -> bool {
        self.peek();
        self.take(b)
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        if self.eat(b) {
            Ok(())
        } else {
            self.err()
        }
    }

    fn word(&mut self, word: &str) -> bool {
        self.peek();
        let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
        let found = rest.starts_with(word.as_bytes());
        self.pos += if found { word.len() } else { 0 };
        found
    }

    /// Succeeds only at the end of the text, whitespace aside: trailing garbage is an error.
    pub fn finish(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => self.err(),
        }
    }

    /// The error for a required field missing from the object just read: at its
    /// closing brace.
    pub fn missing(&self) -> Error {
        Error(self.pos.saturating_sub(1))
    }

    fn open(&mut self, bracket: u8) -> Result<()> {
        self.expect(bracket)?;
        if self.depth >= MAX_DEPTH {
            return Err(Error(self.pos - 1));
        }
        self.depth += 1;
        Ok(())
    }

    /// Reads an object, calling `field` with each key; `field` must read the value (or
    /// `skip` it). Duplicate keys are passed on as they come, so the last one wins.
    pub fn object(&mut self, field: &mut dyn FnMut(&mut Self, &str) -> Result<()>) -> Result<()> {
        self.open(b'{')?;
        if !self.eat(b'}') {
            loop {
                let key = self.string()?;
                self.expect(b':')?;
                field(self, &key)?;
                if self.eat(b'}') {
                    break;
                }
                self.expect(b',')?;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads an array, calling `item` to read each element.
    pub fn array(&mut self, item: &mut dyn FnMut(&mut Self) -> Result<()>) -> Result<()> {
        self.open(b'[')?;
        if !self.eat(b']') {
            loop {
                item(self)?;
                if self.eat(b']') {
                    break;
                }
                self.expect(b',')?;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads and discards any one value: for keys this build does not know.
    pub fn skip(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'{') => self.object(&mut |r, _| r.skip()),
            Some(b'[') => self.array(&mut |r| r.skip()),
            Some(b'"') => self.string().map(drop),
            Some(b't' | b'f') => self.boolean().map(drop),
            Some(b'n') if self.null() => Ok(()),
            _ => self.number().map(drop),
        }
    }

    /// Consumes `null` if it comes next.
    pub fn null(&mut self) -> bool {
        self.word("null")
    }

    pub fn boolean(&mut self) -> Result<bool> {
        if self.word("true") {
            Ok(true)
        } else if self.word("false") {
            Ok(false)
        } else {
            self.err()
        }
    }

    pub fn string(&mut self) -> Result<String> {
        self.expect(b'"')?;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote, backslash or control character. The run
            // ends at an ASCII byte (or the end), so the slice is on character boundaries.
            let start = self.pos;
            while self
                .byte()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.pos += 1;
            }
            out.push_str(self.text.get(start..self.pos).unwrap_or_default());
            if self.take(b'"') {
                return Ok(out);
            }
            // JSON requires control characters to be escaped, and a string to be closed.
            if !self.take(b'\\') {
                return self.err();
            }
            out.push(self.escape()?);
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Result<char> {
        let c = match self.byte() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                return self.unicode();
            }
            _ => return self.err(),
        };
        self.pos += 1;
        Ok(c)
    }

    /// The character of a `\uXXXX` escape, or of two that make a UTF-16 surrogate pair.
    /// A lone surrogate is an error: a Rust string cannot hold one.
    fn unicode(&mut self) -> Result<char> {
        let start = self.pos - 2;
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            if !(self.take(b'\\') && self.take(b'u')) {
                return Err(Error(start));
            }
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(Error(start));
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        char::from_u32(code).ok_or(Error(start))
    }

    fn hex4(&mut self) -> Result<u32> {
        let mut code = 0;
        for _ in 0..4 {
            let Some(digit) = self.byte().and_then(|b| char::from(b).to_digit(16)) else {
                return self.err();
            };
            code = code << 4 | digit;
            self.pos += 1;
        }
        Ok(code)
    }

    /// Reads a number by JSON's grammar and returns its sign and magnitude, or `None`
    /// for a fraction, an exponent or a magnitude beyond u64: those are valid JSON but
    /// never one of our integers.
    fn number(&mut self) -> Result<Option<(bool, u64)>> {
        self.peek();
        let negative = self.take(b'-');
        let (start, first) = (self.pos, self.byte());
        let mut magnitude = Some(0u64);
        match self.digits(&mut magnitude) {
            0 => return self.err(),
            // A leading zero may only stand alone: the error is at the digit after it.
            n if n > 1 && first == Some(b'0') => return Err(Error(start + 1)),
            _ => {}
        }
        let mut integer = true;
        if self.take(b'.') {
            integer = false;
            if self.digits(&mut None) == 0 {
                return self.err();
            }
        }
        if self.take(b'e') || self.take(b'E') {
            integer = false;
            let _sign = self.take(b'+') || self.take(b'-');
            if self.digits(&mut None) == 0 {
                return self.err();
            }
        }
        Ok(magnitude.filter(|_| integer).map(|m| (negative, m)))
    }

    /// Consumes decimal digits, accumulating them into `value` while it fits.
    fn digits(&mut self, value: &mut Option<u64>) -> usize {
        let start = self.pos;
        while let Some(d @ b'0'..=b'9') = self.byte() {
            *value = value
                .and_then(|v| v.checked_mul(10))
                .and_then(|v| v.checked_add(u64::from(d - b'0')));
            self.pos += 1;
        }
        self.pos - start
    }

    /// An integer within `min..=max`; anything else (a fraction, a string, a number out
    /// of range) is an error at the value.
    pub fn int(&mut self, min: i64, max: i64) -> Result<i64> {
        self.peek();
        let start = self.pos;
        let value = match self.number()? {
            Some((true, m)) => 0i64.checked_sub_unsigned(m),
            Some((false, m)) => i64::try_from(m).ok(),
            None => None,
        };
        value
            .filter(|v| (min..=max).contains(v))
            .ok_or(Error(start))
    }

    pub fn i64(&mut self) -> Result<i64> {
        self.int(i64::MIN, i64::MAX)
    }

    pub fn u32(&mut self) -> Result<u32> {
        self.int(0, u32::MAX.into()).map(|v| v as u32)
    }

    pub fn u8(&mut self) -> Result<u8> {
        self.int(0, u8::MAX.into()).map(|v| v as u8)
    }

    /// An integer within `0..=u64::MAX` (`-0` is zero).
    pub fn u64(&mut self) -> Result<u64> {
        self.peek();
        let start = self.pos;
        match self.number()? {
            Some((negative, m)) if !negative || m == 0 => Ok(m),
            _ => Err(Error(start)),
        }
    }

    /// The index in `names` of the string read: for enums stored by name.
    pub fn choice(&mut self, names: &[&str]) -> Result<usize> {
        self.peek();
        let start = self.pos;
        let s = self.string()?;
        names.iter().position(|&n| n == s).ok_or(Error(start))
    }
}

/// Writes JSON text, placing the commas: a key or a value after a complete value in the
/// same object or array gets one.
#[derive(Default)]
pub struct Writer {
    out: String,
    comma: bool,
}

impl Writer {
    pub fn finish(self) -> String {
        self.out
    }

    fn separate(&mut self) {
        if self.comma {
            self.out.push(',');
        }
    }

    /// Starts an object (`'{'`) or array (`'['`).
    pub fn open(&mut self, bracket: char) {
        self.separate();
        self.out.push(bracket);
        self.comma = false;
    }

    pub fn close(&mut self, bracket: char) {
        self.out.push(bracket);
        self.comma = true;
    }

    pub fn key(&mut self, key: &str) {
        self.string(key);
        self.out.push(':');
        self.comma = false;
    }

    pub fn string(&mut self, s: &str) {
        self.separate();
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                '\n' => self.out.push_str("\\n"),
                '\r' => self.out.push_str("\\r"),
                '\t' => self.out.push_str("\\t"),
                c if c < ' ' => {
                    self.out.push_str("\\u00");
                    self.out.push(hex_digit(c as u32 >> 4));
                    self.out.push(hex_digit(c as u32));
                }
                c => self.out.push(c),
            }
        }
        self.out.push('"');
        self.comma = true;
    }

    /// Writes an integer in decimal without `core::fmt`, digit by digit from the end.
    pub fn int(&mut self, n: i64) {
        self.separate();
        if n < 0 {
            self.out.push('-');
        }
        let mut digits = [0u8; 20];
        let (mut m, mut i) = (n.unsigned_abs(), digits.len());
        loop {
            i -= 1;
            digits[i] = b'0' + (m % 10) as u8;
            m /= 10;
            if m == 0 {
                break;
            }
        }
        for &d in &digits[i..] {
            self.out.push(char::from(d));
        }
        self.comma = true;
    }

    pub fn boolean(&mut self, b: bool) {
        self.separate();
        self.out.push_str(if b { "true" } else { "false" });
        self.comma = true;
    }

    pub fn null(&mut self) {
        self.separate();
        self.out.push_str("null");
        self.comma = true;
    }
}

fn hex_digit(n: u32) -> char {
    char::from_digit(n & 15, 16).unwrap_or('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(text: &str) -> Result<String> {
        let mut r = Reader::new(text);
        let s = r.string()?;
        r.finish().map(|()| s)
    }

    fn written(s: &str) -> String {
        let mut w = Writer::default();
        w.string(s);
        w.finish()
    }

    #[test]
    fn strings_read_every_escape() {
        assert_eq!(
            string(r#""a\"b\\c\/d\be\ff\ng\rh\ti\u0041\u00e9\u20AC""#),
            Ok("a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti\u{41}é€".into())
        );
        assert_eq!(string(r#""ünï 😀 \u0000""#), Ok("ünï 😀 \0".into()));
        assert_eq!(string(r#""""#), Ok(String::new()));
        // A surrogate pair is one character; either case of hex digits.
        assert_eq!(string(r#""\ud83d\ude00""#), Ok("😀".into()));
        assert_eq!(string(r#""x\uD834\uDD1Ey""#), Ok("x𝄞y".into()));
        assert_eq!(string(r#""\udbff\udfff""#), Ok("\u{10FFFF}".into()));
    }

    #[test]
    fn malformed_strings_are_errors_where_they_go_wrong() {
        for (text, at) in [
            (r#""\ud83d""#, 1),       // a lone high surrogate
            (r#""\ud83dx""#, 1),      // not followed by an escape
            (r#""\ud83d\u0041""#, 1), // followed by no low surrogate
            (r#""\ude00""#, 1),       // a lone low surrogate
            (r#""\u12g4""#, 5),       // not hex
            (r#""\u12"#, 5),          // cut short
            (r#""\x""#, 2),           // no such escape
            (r#""\'""#, 2),           // not a JSON escape either
            ("\"a\nb\"", 2),          // an unescaped control character
            ("\"tab\there\"", 4),     // a tab too
            (r#""open"#, 5),          // never closed
            (r#""a" "b""#, 4),        // two values
            ("'single'", 0),
            ("", 0),
        ] {
            assert_eq!(string(text), Err(Error(at)), "{text}");
        }
    }

    #[test]
    fn written_strings_escape_what_json_requires_and_read_back() {
        assert_eq!(
            written("a\"b\\c\n\r\t\u{1}\u{1f}\u{7f}é😀/"),
            r#""a\"b\\c\n\r\t\u0001\u001f"#.to_string() + "\u{7f}é😀/\""
        );
        let every_ascii: String = (0..128u8).map(char::from).collect();
        for s in [
            every_ascii.as_str(),
            "",
            "\u{10FFFF}\u{FFFD}\u{2028}",
            "\\u0041",
        ] {
            assert_eq!(string(&written(s)).as_deref(), Ok(s));
            assert_eq!(validate(&written(s)), Ok(()));
        }
    }

    #[test]
    fn integers_are_read_to_the_edges_of_their_range() {
        let int = |text: &str, min, max| Reader::new(text).int(min, max);
        assert_eq!(
            int("-9223372036854775808", i64::MIN, i64::MAX),
            Ok(i64::MIN)
        );
        assert_eq!(int("9223372036854775807", i64::MIN, i64::MAX), Ok(i64::MAX));
        assert_eq!(
            int("9223372036854775808", i64::MIN, i64::MAX),
            Err(Error(0))
        );
        assert_eq!(
            int("-9223372036854775809", i64::MIN, i64::MAX),
            Err(Error(0))
        );
        assert_eq!(
            int(" 99999999999999999999999", i64::MIN, i64::MAX),
            Err(Error(1))
        );
        assert_eq!(Reader::new("-0").u8(), Ok(0));
        assert_eq!(Reader::new("255").u8(), Ok(255));
        assert_eq!(Reader::new("256").u8(), Err(Error(0)));
        assert_eq!(Reader::new("-1").u8(), Err(Error(0)));
        assert_eq!(Reader::new("4294967295").u32(), Ok(u32::MAX));
        assert_eq!(Reader::new("4294967296").u32(), Err(Error(0)));
        assert_eq!(Reader::new("18446744073709551615").u64(), Ok(u64::MAX));
        assert_eq!(Reader::new("18446744073709551616").u64(), Err(Error(0)));
        assert_eq!(Reader::new("-0").u64(), Ok(0));
        assert_eq!(Reader::new("-1").u64(), Err(Error(0)));
        for n in [i64::MIN, i64::MIN + 1, -10, -1, 0, 1, 9, 10, i64::MAX] {
            let mut w = Writer::default();
            w.int(n);
            let text = w.finish();
            assert_eq!(text, n.to_string());
            assert_eq!(Reader::new(&text).i64(), Ok(n));
        }
    }

    #[test]
    fn floats_are_json_but_never_integers() {
        for float in ["1.0", "1e3", "1E+3", "-0.5", "2.5e-3", "0e0"] {
            assert_eq!(validate(float), Ok(()), "{float}");
            assert_eq!(Reader::new(float).i64(), Err(Error(0)), "{float}");
        }
        for (bad, at) in [
            ("01", 1),
            ("-", 1),
            ("1.", 2),
            ("1.e3", 2),
            ("1e", 2),
            ("1e+", 3),
            (".5", 0),
            ("+1", 0),
            ("-x", 1),
            ("0x10", 1),
            ("1 2", 2),
        ] {
            assert_eq!(validate(bad), Err(Error(at)), "{bad}");
        }
    }

    #[test]
    fn validate_takes_any_json_value_and_nothing_after_it() {
        for good in [
            "null",
            " true ",
            "false",
            "\t\r\n {\"a\" : [ 1 , -2 , \"x\" , {} , [] , null ] , \"a\" : {\"b\":false} } \n",
            "[[[]],{\"\":{}}]",
            "\"\"",
        ] {
            assert_eq!(validate(good), Ok(()), "{good}");
        }
        for (bad, at) in [
            ("", 0),
            ("   ", 3),
            ("{} x", 3),
            ("nulll", 4),
            ("nul", 0),
            ("True", 0),
            ("{\"a\":1,}", 7),
            ("[1,]", 3),
            ("[1 2]", 3),
            ("{\"a\" 1}", 5),
            ("{a:1}", 1),
            ("{\"a\":}", 5),
            ("[", 1),
            ("{\"a\":1", 6),
            ("\u{a0}1", 0),
            ("\u{feff}{}", 0),
        ] {
            assert_eq!(validate(bad), Err(Error(at)), "{bad:?}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |n: usize| "[".repeat(n) + &"]".repeat(n);
        assert_eq!(validate(&nested(MAX_DEPTH.into())), Ok(()));
        assert_eq!(validate(&nested(33)), Err(Error(32)));
        let deep_object = "{\"a\":".repeat(33) + "1" + &"}".repeat(33);
        assert_eq!(validate(&deep_object), Err(Error(32 * 5)));
        // Deep enough to overflow the stack if the depth were not checked.
        assert_eq!(validate(&"[".repeat(1_000_000)), Err(Error(32)));
    }

    #[test]
    fn objects_pass_every_key_and_typed_reads_reject_other_types() {
        let text = r#"{"n": 7, "unknown": {"deep": [1.5, "x", null]}, "s": "v", "n": 8}"#;
        let mut seen = Vec::new();
        let mut r = Reader::new(text);
        let read = r.object(&mut |r, key| {
            match key {
                "n" => seen.push(format!("n={}", r.i64()?)),
                "s" => seen.push(format!("s={}", r.string()?)),
                _ => r.skip()?,
            }
            Ok(())
        });
        assert_eq!(read.and_then(|()| r.finish()), Ok(()));
        assert_eq!(seen, ["n=7", "s=v", "n=8"]);

        assert_eq!(Reader::new(" \"7\"").i64(), Err(Error(1)));
        assert_eq!(Reader::new("7").string(), Err(Error(0)));
        assert_eq!(Reader::new("1").boolean(), Err(Error(0)));
        assert_eq!(
            Reader::new("[]").object(&mut |r, _| r.skip()),
            Err(Error(0))
        );
        assert_eq!(Reader::new("{}").array(&mut |r| r.skip()), Err(Error(0)));
        assert_eq!(Reader::new("\"Good\"").choice(&["good"]), Err(Error(0)));
        assert_eq!(Reader::new("\"good\"").choice(&["bad", "good"]), Ok(1));
        let mut r = Reader::new("{\"a\":1}");
        assert_eq!(r.object(&mut |r, _| r.skip()), Ok(()));
        assert_eq!(r.missing(), Error(6));
    }

    #[test]
    fn the_writer_places_commas() {
        let mut w = Writer::default();
        w.open('{');
        w.key("a");
        w.open('[');
        w.int(1);
        w.null();
        w.boolean(true);
        w.open('{');
        w.close('}');
        w.open('[');
        w.close(']');
        w.string("s");
        w.close(']');
        w.key("b");
        w.boolean(false);
        w.close('}');
        assert_eq!(w.finish(), r#"{"a":[1,null,true,{},[],"s"],"b":false}"#);
    }

    #[test]
    fn positions_become_lines_and_columns_in_characters() {
        let text = "{\n  \"ü😀\": x\n}";
        let at = text.find('x').unwrap();
        assert_eq!(Error(at).line_col(text), (2, 9));
        assert_eq!(Error(0).line_col(text), (1, 1));
        assert_eq!(Error(text.len()).line_col(text), (3, 2));
        assert_eq!(Error(usize::MAX).line_col(text), (3, 2));
    }
}
