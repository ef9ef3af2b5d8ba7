//! Hash routes: the URL contract of every view a user can share or return to.
//! Parsing is total (any string gives a route) and never interprets text as markup.

/// A view of the app, as written after `#` in the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `#/` (also the empty hash).
    Overview,
    /// `#/q/<slug>` and, with the answer revealed, `#/q/<slug>/answer`.
    Question { slug: String, answer: bool },
    /// `#/review`: the questions due now.
    Review,
    /// `#/mock`: the timed mock interview.
    Mock,
    /// `#/summary`: the results of the practice round.
    Summary,
    /// `#/about`: shortcuts and how progress is stored.
    About,
    /// `#/import/<code>`: progress carried over in a link.
    Import { code: String },
    /// Anything else; `path` is the text after `#`, shown to the user only as text.
    NotFound { path: String },
}

/// Longest slug we look up; anything longer cannot be one of ours.
const MAX_SLUG: usize = 80;

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let path = hash.strip_prefix('#').unwrap_or(hash);
        let trimmed = path.trim_end_matches('/');
        let parts: Vec<&str> = trimmed.split('/').collect();
        match parts.as_slice() {
            [] | [""] => Route::Overview,
            ["", "review"] => Route::Review,
            ["", "mock"] => Route::Mock,
            ["", "summary"] => Route::Summary,
            ["", "about"] => Route::About,
            ["", "import", code] if !code.is_empty() => Route::Import {
                code: (*code).to_string(),
            },
            ["", "q", slug] if is_slug(slug) => Route::Question {
                slug: (*slug).to_string(),
                answer: false,
            },
            ["", "q", slug, "answer"] if is_slug(slug) => Route::Question {
                slug: (*slug).to_string(),
                answer: true,
            },
            _ => Route::NotFound {
                path: path.chars().take(200).collect(),
            },
        }
    }

    /// The hash for this route, `#/...`; the inverse of [`Route::parse`].
    pub fn to_hash(&self) -> String {
        match self {
            Route::Overview => "#/".into(),
            Route::Question { slug, answer } => {
                format!("#/q/{slug}{}", if *answer { "/answer" } else { "" })
            }
            Route::Review => "#/review".into(),
            Route::Mock => "#/mock".into(),
            Route::Summary => "#/summary".into(),
            Route::About => "#/about".into(),
            Route::Import { code } => format!("#/import/{code}"),
            Route::NotFound { path } => format!("#{path}"),
        }
    }

    pub fn question(slug: &str, answer: bool) -> Route {
        Route::Question {
            slug: slug.to_string(),
            answer,
        }
    }
}

/// A slug as the deck format defines it: `[a-z0-9-]`, not empty, not too long.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_documented_route() {
        assert_eq!(Route::parse(""), Route::Overview);
        assert_eq!(Route::parse("#"), Route::Overview);
        assert_eq!(Route::parse("#/"), Route::Overview);
        assert_eq!(Route::parse("#/review"), Route::Review);
        assert_eq!(Route::parse("#/mock/"), Route::Mock);
        assert_eq!(Route::parse("#/about"), Route::About);
        assert_eq!(
            Route::parse("#/q/rate-limiting"),
            Route::question("rate-limiting", false)
        );
        assert_eq!(
            Route::parse("#/q/rate-limiting/answer"),
            Route::question("rate-limiting", true)
        );
        assert_eq!(
            Route::parse("#/import/abc_-1"),
            Route::Import {
                code: "abc_-1".into()
            }
        );
    }

    #[test]
    fn round_trips_through_the_hash() {
        for hash in [
            "#/",
            "#/review",
            "#/mock",
            "#/summary",
            "#/about",
            "#/q/a-b/answer",
            "#/q/x1",
            "#/import/Zz",
        ] {
            assert_eq!(Route::parse(hash).to_hash(), hash);
        }
    }

    #[test]
    fn anything_else_is_not_found_and_kept_as_text() {
        for hash in [
            "#/q/",
            "#/q/Upper",
            "#/q/a/b",
            "#/nope",
            "#/q/<script>",
            "#/import/",
        ] {
            assert!(
                matches!(Route::parse(hash), Route::NotFound { .. }),
                "{hash}"
            );
        }
        let long = format!("#/{}", "x".repeat(5000));
        let Route::NotFound { path } = Route::parse(&long) else {
            panic!("a long hash is not a route");
        };
        assert_eq!(path.chars().count(), 200);
    }

    #[test]
    fn slugs_are_lowercase_ascii_and_bounded() {
        assert!(is_slug("sql-vs-nosql"));
        assert!(!is_slug(""));
        assert!(!is_slug("a b"));
        assert!(!is_slug("é"));
        assert!(!is_slug(&"a".repeat(81)));
    }
}
