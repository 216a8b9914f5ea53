//! fatiao: a legal reference for Chinese public-security law — our own bilingual summaries of
//! the statutes, found by citation, keyword, English, pinyin or a typo.

pub mod align;
pub mod app;
pub mod citation;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod eval;
pub mod guides;
pub mod history;
pub mod index;
pub mod limits;
pub mod model;
pub mod numerals;
pub mod official;
pub mod pager;
pub mod render;
pub mod schema;
pub mod search;
pub mod store;
pub mod text;
pub mod verify;
