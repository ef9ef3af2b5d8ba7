//! Answering out loud: the recorder's state machine, the audio format to ask for, and
//! what each way of failing means to the user. It must not touch the browser: the shell
//! records, and reports what happened here as events stamped with `now`.

use std::rc::Rc;

/// Audio formats to record in, best first: the first one the browser supports is used.
/// Chromium and Firefox record WebM or Ogg with Opus; Safari records only MP4.
pub const MIME_TYPES: [&str; 4] = [
    "audio/webm;codecs=opus",
    "audio/webm",
    "audio/ogg;codecs=opus",
    "audio/mp4",
];

/// The first of [`MIME_TYPES`] that `supported` accepts (`MediaRecorder.isTypeSupported`).
pub fn pick_mime(supported: impl Fn(&str) -> bool) -> Option<&'static str> {
    MIME_TYPES.into_iter().find(|&m| supported(m))
}

/// The file extension a download of a recording in `mime` gets.
pub fn extension(mime: &str) -> &'static str {
    if mime.starts_with("audio/mp4") {
        "m4a"
    } else if mime.starts_with("audio/ogg") {
        "ogg"
    } else {
        "webm"
    }
}

/// Whose answer is being recorded: the open question (by slug), or the mock
/// interview's question at this position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Question(&'static str),
    Mock(usize),
}

/// Why there is no recording, each with its own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The user (or a setting) refused the microphone.
    Refused,
    /// No microphone, or none that could be opened.
    NoMicrophone,
    /// No `MediaRecorder`, no `getUserMedia`, or none of the formats.
    Unsupported,
    /// A frame whose page did not allow the microphone (`allow="microphone"`).
    Framed,
}

impl Failure {
    /// A `DOMException`'s name from `getUserMedia` or `MediaRecorder`, as a failure.
    /// In a frame, a refusal is taken for the frame's policy: the page embedding us
    /// decides, and the full page is where the user can answer instead.
    pub fn of(error_name: &str, framed: bool) -> Failure {
        match error_name {
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" if framed => {
                Failure::Framed
            }
            "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => Failure::Refused,
            "NotFoundError"
            | "DevicesNotFoundError"
            | "OverconstrainedError"
            | "NotReadableError"
            | "AbortError" => Failure::NoMicrophone,
            _ => Failure::Unsupported,
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            Failure::Refused => "The microphone was refused. Allow it for this site in the address bar, then try again.",
            Failure::NoMicrophone => "No microphone could be used. Connect one, or close the app using it, and try again.",
            Failure::Unsupported => "This browser cannot record audio here: answer in writing instead.",
            Failure::Framed => "This embedded widget may not use the microphone. Open the question on its own page to answer out loud.",
        }
    }
}

/// The recorder, as the view shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Speech {
    #[default]
    Idle,
    /// Waiting for the browser to grant the microphone.
    Asking(Owner),
    /// Recording since `since` (ms).
    Recording {
        owner: Owner,
        since: i64,
    },
    /// Stopped after `ms`; the browser is still handing the audio over.
    Stopping {
        owner: Owner,
        ms: i64,
    },
    /// A recording to play back: its length and its object URL (in memory only).
    Recorded {
        owner: Owner,
        ms: i64,
        url: Rc<str>,
        mime: &'static str,
    },
    Failed(Owner, Failure),
}

/// What happened to the recorder.
#[derive(Debug, Clone, PartialEq)]
pub enum SpeechEvent {
    /// The user asked to record (again).
    Ask(Owner),
    /// The microphone was granted and recording began.
    Started,
    /// The user stopped, or moved on.
    Stop,
    /// The audio is ready.
    Stopped {
        url: Rc<str>,
        mime: &'static str,
    },
    Failed(Failure),
    /// The user threw the recording away.
    Discard,
}

impl Speech {
    /// Whose answer this is about, if any.
    pub fn owner(&self) -> Option<Owner> {
        match *self {
            Speech::Idle => None,
            Speech::Asking(owner)
            | Speech::Recording { owner, .. }
            | Speech::Stopping { owner, .. }
            | Speech::Recorded { owner, .. }
            | Speech::Failed(owner, _) => Some(owner),
        }
    }

    /// Whether the microphone is (or is about to be) in use.
    pub fn is_live(&self) -> bool {
        matches!(self, Speech::Asking(_) | Speech::Recording { .. })
    }

    /// Milliseconds recorded so far (or in all, once stopped).
    pub fn elapsed(&self, now: i64) -> i64 {
        match *self {
            Speech::Recording { since, .. } => (now - since).max(0),
            Speech::Stopping { ms, .. } | Speech::Recorded { ms, .. } => ms,
            _ => 0,
        }
    }

    /// The next state. Returns the owner and length of an answer that just stopped (to
    /// save with progress), or of one whose audio just arrived (with its URL, for the
    /// mock's list). An event that does not fit the state (a late `Started` after a
    /// discard, say) is ignored.
    pub fn apply(&mut self, now: i64, event: SpeechEvent) -> Option<(Owner, i64, Option<Rc<str>>)> {
        match (std::mem::take(self), event) {
            (_, SpeechEvent::Ask(owner)) => {
                *self = Speech::Asking(owner);
                None
            }
            (Speech::Asking(owner), SpeechEvent::Started) => {
                *self = Speech::Recording { owner, since: now };
                None
            }
            (Speech::Recording { owner, since }, SpeechEvent::Stop) => {
                let ms = (now - since).max(0);
                *self = Speech::Stopping { owner, ms };
                Some((owner, ms, None))
            }
            (Speech::Asking(_), SpeechEvent::Stop) => None,
            (Speech::Stopping { owner, ms }, SpeechEvent::Stopped { url, mime }) => {
                let take = url.clone();
                *self = match owner {
                    Owner::Question(_) => Speech::Recorded {
                        owner,
                        ms,
                        url,
                        mime,
                    },
                    // The mock keeps its answers in its own list.
                    Owner::Mock(_) => Speech::Idle,
                };
                Some((owner, ms, Some(take)))
            }
            (state, SpeechEvent::Failed(failure)) => {
                if let Some(owner) = state.owner() {
                    *self = Speech::Failed(owner, failure);
                }
                None
            }
            (_, SpeechEvent::Discard) => None,
            (state, _) => {
                *self = state;
                None
            }
        }
    }
}

/// How a length compares with the target band of `(min, max)` minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    Short,
    Within,
    Long,
}

pub fn pace(ms: i64, (min, max): (u8, u8)) -> Pace {
    let minute = 60_000;
    if ms < i64::from(min) * minute {
        Pace::Short
    } else if ms <= i64::from(max) * minute {
        Pace::Within
    } else {
        Pace::Long
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const Q: Owner = Owner::Question("rate-limiting");

    fn stopped(url: &str) -> SpeechEvent {
        SpeechEvent::Stopped {
            url: url.into(),
            mime: "audio/webm",
        }
    }

    #[test]
    fn a_recording_goes_from_asking_to_recorded_and_reports_its_length() {
        let mut s = Speech::Idle;
        assert_eq!(s.apply(0, SpeechEvent::Ask(Q)), None);
        assert_eq!(s, Speech::Asking(Q));
        s.apply(1_000, SpeechEvent::Started);
        assert_eq!(s.elapsed(31_000), 30_000);
        assert_eq!(
            s.apply(131_000, SpeechEvent::Stop),
            Some((Q, 130_000, None))
        );
        let out = s.apply(131_500, stopped("blob:a"));
        assert_eq!(out, Some((Q, 130_000, Some("blob:a".into()))));
        assert!(matches!(s, Speech::Recorded { ms: 130_000, ref url, .. } if &**url == "blob:a"));
        assert_eq!(s.elapsed(999_999), 130_000);
        s.apply(200_000, SpeechEvent::Discard);
        assert_eq!(s, Speech::Idle);
    }

    #[test]
    fn recording_again_replaces_the_recording_and_late_events_are_ignored() {
        let mut s = Speech::Idle;
        s.apply(0, SpeechEvent::Ask(Q));
        s.apply(0, SpeechEvent::Started);
        s.apply(5_000, SpeechEvent::Stop);
        s.apply(5_000, stopped("blob:a"));
        s.apply(6_000, SpeechEvent::Ask(Q));
        assert_eq!(s, Speech::Asking(Q));
        // Discarded while asking: a late grant or stop changes nothing.
        s.apply(6_000, SpeechEvent::Discard);
        assert_eq!(s.apply(7_000, SpeechEvent::Started), None);
        assert_eq!(s.apply(7_000, SpeechEvent::Stop), None);
        assert_eq!(s.apply(7_000, stopped("blob:b")), None);
        assert_eq!(s, Speech::Idle);
    }

    #[test]
    fn a_failure_is_kept_for_its_owner_until_the_user_tries_again() {
        let mut s = Speech::Idle;
        s.apply(0, SpeechEvent::Failed(Failure::Refused));
        assert_eq!(s, Speech::Idle, "no owner, nothing to show");
        s.apply(0, SpeechEvent::Ask(Q));
        s.apply(0, SpeechEvent::Failed(Failure::Refused));
        assert_eq!(s, Speech::Failed(Q, Failure::Refused));
        s.apply(1, SpeechEvent::Ask(Q));
        assert_eq!(s, Speech::Asking(Q));
    }

    #[test]
    fn a_mock_answer_hands_its_audio_over_and_leaves_the_recorder_idle() {
        let mut s = Speech::Idle;
        s.apply(0, SpeechEvent::Ask(Owner::Mock(1)));
        s.apply(0, SpeechEvent::Started);
        assert_eq!(
            s.apply(90_000, SpeechEvent::Stop),
            Some((Owner::Mock(1), 90_000, None))
        );
        let out = s.apply(90_000, stopped("blob:m"));
        assert_eq!(out, Some((Owner::Mock(1), 90_000, Some("blob:m".into()))));
        assert_eq!(s, Speech::Idle);
    }

    #[test]
    fn each_browser_error_has_its_failure() {
        assert_eq!(Failure::of("NotAllowedError", false), Failure::Refused);
        assert_eq!(Failure::of("NotAllowedError", true), Failure::Framed);
        assert_eq!(Failure::of("NotFoundError", false), Failure::NoMicrophone);
        assert_eq!(Failure::of("NotReadableError", true), Failure::NoMicrophone);
        assert_eq!(
            Failure::of("NotSupportedError", false),
            Failure::Unsupported
        );
        assert_eq!(Failure::of("", false), Failure::Unsupported);
    }

    #[test]
    fn the_first_supported_format_is_picked_safari_included() {
        assert_eq!(pick_mime(|_| true), Some("audio/webm;codecs=opus"));
        assert_eq!(pick_mime(|m| m.starts_with("audio/mp4")), Some("audio/mp4"));
        assert_eq!(pick_mime(|_| false), None);
        assert_eq!(extension("audio/mp4"), "m4a");
        assert_eq!(extension("audio/webm;codecs=opus"), "webm");
        assert_eq!(extension("audio/ogg;codecs=opus"), "ogg");
    }

    #[test]
    fn the_pace_compares_with_the_band_in_whole_minutes() {
        assert_eq!(pace(59_999, (1, 3)), Pace::Short);
        assert_eq!(pace(60_000, (1, 3)), Pace::Within);
        assert_eq!(pace(180_000, (1, 3)), Pace::Within);
        assert_eq!(pace(180_001, (1, 3)), Pace::Long);
    }
}
