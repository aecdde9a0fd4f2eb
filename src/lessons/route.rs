//! The lessons' URL keys, joined to the layer's: `lesson=` (a lesson id) and `chapter=` (from
//! 1, as readers count). Reading checks the id and the chapter number against the lessons and
//! answers a wrong value with a [`LessonProblem`] sentence; the page then shows it and no
//! lesson, never a crash.

use std::fmt;

use crate::config::format::abridged;
use crate::config::query::parse_pairs;

use super::content::Lesson;

/// The query key of the lesson id.
pub const LESSON_KEY: &str = "lesson";
/// The query key of the chapter number.
pub const CHAPTER_KEY: &str = "chapter";

/// A lesson and one of its chapters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LessonRef {
    /// The lesson's id.
    pub lesson: &'static str,
    /// The chapter, from 0 (the URL writes it from 1).
    pub chapter: usize,
    /// How many chapters the lesson has.
    pub chapters: usize,
}

/// What is wrong with the lesson keys of a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LessonProblem {
    /// `lesson=` names no lesson.
    UnknownLesson {
        /// The value given.
        id: String,
        /// The ids there are.
        known: Vec<&'static str>,
    },
    /// `chapter=` is not a whole number.
    NotANumber {
        /// The value given.
        text: String,
    },
    /// `chapter=` is outside `1..=chapters`.
    OutOfRange {
        /// The number given.
        chapter: u64,
        /// The lesson's title.
        title: &'static str,
        /// How many chapters it has.
        chapters: usize,
    },
    /// `chapter=` without `lesson=`.
    ChapterWithoutLesson,
}

impl fmt::Display for LessonProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LessonProblem::UnknownLesson { id, known } => write!(
                f,
                "lesson=“{}” names no lesson; the lessons are {}",
                abridged(id),
                known.join(", ")
            ),
            LessonProblem::NotANumber { text } => {
                write!(f, "chapter=“{}” is not a whole number", abridged(text))
            }
            LessonProblem::OutOfRange {
                chapter,
                title,
                chapters,
            } => write!(
                f,
                "chapter={chapter} is out of range: the {title} lesson has chapters 1 to {chapters}"
            ),
            LessonProblem::ChapterWithoutLesson => {
                write!(f, "chapter= needs a lesson= to say which lesson")
            }
        }
    }
}

impl std::error::Error for LessonProblem {}

impl LessonRef {
    /// Reads `lesson=` and `chapter=` from a query string against `lessons`. `Ok(None)` when
    /// the URL names no lesson; a missing `chapter=` means the first. When a key repeats, the
    /// last one counts.
    pub fn from_query(query: &str, lessons: &[Lesson]) -> Result<Option<LessonRef>, LessonProblem> {
        let mut lesson_id: Option<String> = None;
        let mut chapter_text: Option<String> = None;
        for (key, value) in parse_pairs(query) {
            if key == LESSON_KEY {
                lesson_id = Some(value);
            } else if key == CHAPTER_KEY {
                chapter_text = Some(value);
            }
        }
        let Some(id) = lesson_id else {
            return match chapter_text {
                Some(_) => Err(LessonProblem::ChapterWithoutLesson),
                None => Ok(None),
            };
        };
        let Some(lesson) = lessons.iter().find(|l| l.id == id.trim()) else {
            return Err(LessonProblem::UnknownLesson {
                id,
                known: lessons.iter().map(|l| l.id).collect(),
            });
        };
        let chapter = match chapter_text {
            None => 0,
            Some(text) => {
                let t = text.trim();
                if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(LessonProblem::NotANumber { text });
                }
                let out_of_range = |chapter| LessonProblem::OutOfRange {
                    chapter,
                    title: lesson.title,
                    chapters: lesson.chapters.len(),
                };
                let n: u64 = t.parse().map_err(|_| out_of_range(u64::MAX))?;
                if n == 0 || n > lesson.chapters.len() as u64 {
                    return Err(out_of_range(n));
                }
                n as usize - 1
            }
        };
        Ok(Some(LessonRef {
            lesson: lesson.id,
            chapter,
            chapters: lesson.chapters.len(),
        }))
    }

    /// The first chapter of `lesson`.
    pub fn start(lesson: &Lesson) -> LessonRef {
        LessonRef {
            lesson: lesson.id,
            chapter: 0,
            chapters: lesson.chapters.len(),
        }
    }

    /// `lesson=…&chapter=…`, the chapter from 1.
    pub fn to_query(&self) -> String {
        format!(
            "{LESSON_KEY}={}&{CHAPTER_KEY}={}",
            self.lesson,
            self.chapter + 1
        )
    }

    /// The next chapter, or `None` on the last ("Next" is disabled).
    pub fn next(&self) -> Option<LessonRef> {
        (self.chapter + 1 < self.chapters).then_some(LessonRef {
            chapter: self.chapter + 1,
            ..*self
        })
    }

    /// The previous chapter, or `None` on the first ("Back" is disabled).
    pub fn back(&self) -> Option<LessonRef> {
        self.chapter
            .checked_sub(1)
            .map(|chapter| LessonRef { chapter, ..*self })
    }

    /// For the progress indicator: (chapter from 1, chapters).
    pub fn progress(&self) -> (usize, usize) {
        (self.chapter + 1, self.chapters)
    }
}
