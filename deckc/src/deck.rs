//! Stage 4: the checks that span files: unique ids and aliases, and `order` against the questions.
//! It compares already-parsed files; it must not re-read or re-parse anything.

use crate::diag::{suggestion, Diagnostic, SourceFile};
use crate::manifest::Manifest;
use crate::question::Meta;

/// A parsed question file: the file, its name without `.md`, and its front matter.
pub type QuestionFile<'a> = (&'a SourceFile, &'a str, &'a Meta);

/// Every file is named `<id>.md`, so file names are the ids the deck has (or will have,
/// once a mismatched `id` is fixed); a question whose `id` differs from its file name
/// was reported already and is left out of the `order` checks.
pub fn check(
    manifest_file: &SourceFile,
    manifest: &Manifest,
    questions: &[QuestionFile<'_>],
    diags: &mut Vec<Diagnostic>,
) {
    let ids: Vec<(&str, &SourceFile)> = questions
        .iter()
        .map(|(file, stem, _)| (*stem, *file))
        .collect();

    for (i, (file, stem, meta)) in questions.iter().enumerate() {
        let Some((id, span)) = &meta.id else { continue };
        if id == stem {
            continue;
        }
        let other = questions
            .iter()
            .enumerate()
            .find(|(j, (_, other_stem, other))| {
                *j != i
                    && (other_stem == id
                        || (*j < i && other.id.as_ref().is_some_and(|(o, _)| o == id)))
            });
        if let Some((_, (first, _, _))) = other {
            diags.push(file.error(
                span.start,
                format!("id `{id}` is already used by {}", first.path),
                "give every question its own id",
            ));
        }
    }

    let mut aliases: Vec<(&str, &SourceFile)> = Vec::new();
    for (file, _, meta) in questions {
        let mut own: Vec<&str> = Vec::new();
        for (alias, span) in &meta.aliases {
            if own.contains(&alias.as_str()) {
                continue; // a duplicate within the file, reported by `question.rs`
            }
            own.push(alias);
            let clash = if let Some((_, owner)) = ids.iter().find(|(id, _)| id == alias) {
                if std::ptr::eq(*owner, *file) {
                    Some((
                        format!("alias `{alias}` is this question's own id"),
                        "remove it; the id itself always works",
                    ))
                } else {
                    Some((
                        format!("alias `{alias}` is the id of {}", owner.path),
                        "remove it; an alias must not name another question",
                    ))
                }
            } else {
                aliases.iter().find(|(a, _)| a == alias).map(|(_, owner)| {
                    (
                        format!("alias `{alias}` is already an alias of {}", owner.path),
                        "an alias leads to one question only; remove it here or there",
                    )
                })
            };
            if let Some((message, hint)) = clash {
                diags.push(file.error(span.start, message, hint));
            }
        }
        aliases.extend(own.into_iter().map(|a| (a, *file)));
    }

    let Some(order) = &manifest.order else { return };
    for (id, span) in order {
        if !ids.iter().any(|(known, _)| known == id) {
            diags.push(manifest_file.error(
                span.start,
                format!("`order` lists `{id}`, but no question has that id"),
                format!(
                    "{}add questions/{id}.md, or remove `{id}` from `order`",
                    suggestion(id, ids.iter().map(|(known, _)| *known))
                ),
            ));
        }
    }
    for (file, stem, meta) in questions {
        let Some((id, span)) = &meta.id else { continue };
        if id == stem && !order.iter().any(|(listed, _)| listed == id) {
            diags.push(file.error(
                span.start,
                format!(
                    "question `{id}` is not listed in `order` in {}",
                    manifest_file.path
                ),
                format!(
                    "add \"{id}\" to `order` in {}, where it should be asked",
                    manifest_file.path
                ),
            ));
        }
    }
}
