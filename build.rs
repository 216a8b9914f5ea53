//! Compiles the embedded data: validates every statutes/*.toml with the same code that checks a
//! user's files (an invalid file fails the build, naming file, line and problem), computes the
//! search keys (normalised text, pinyin) and stores both in one binary blob, so start-up parses
//! no TOML. Also embeds the rights guides and version mappings.

#![allow(dead_code)]

use std::{env, fs, path::Path};

#[path = "src/history.rs"]
mod history;
#[path = "src/index.rs"]
mod index;
#[path = "src/model.rs"]
mod model;
#[path = "src/numerals.rs"]
mod numerals;
#[path = "src/schema.rs"]
mod schema;
#[path = "src/text.rs"]
mod text;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("statutes");
    println!("cargo:rerun-if-changed={}", dir.display());
    for m in ["history", "index", "model", "numerals", "schema", "text"] {
        println!("cargo:rerun-if-changed=src/{m}.rs");
    }
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("statutes/ directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut statutes = vec![];
    let mut failed = vec![];
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = format!("statutes/{}", f.file_name().unwrap().to_string_lossy());
        let src = fs::read_to_string(f).expect("statute file is UTF-8");
        match schema::parse_statute(&name, &src) {
            Ok(s) => statutes.push(s),
            Err(errs) => failed.extend(errs.iter().map(|e| e.to_string())),
        }
    }
    if !failed.is_empty() {
        panic!("invalid statute data:\n{}", failed.join("\n"));
    }
    // References between the embedded statutes are checked here, once, not at every start.
    let keep = vec![true; statutes.len()];
    let bad = schema::see_also_problems(&statutes, 0, &keep);
    if !bad.is_empty() {
        let msgs: Vec<String> = bad.into_iter().map(|(_, m)| m).collect();
        panic!("invalid statute data:\n{}", msgs.join("\n"));
    }
    let keys = index::build(&statutes, 0);
    let out_dir = env::var("OUT_DIR").unwrap();
    let out = |name: &str, bytes: &[u8]| fs::write(Path::new(&out_dir).join(name), bytes).unwrap();
    out(
        "statutes.bin",
        &postcard::to_allocvec(&statutes).expect("serialise the statutes"),
    );
    out("keys_text.txt", &keys.text);
    out("keys_py.txt", &keys.py);
    out("keys_ini.txt", &keys.ini);
    out("keys_vocab.txt", keys.vocab.as_bytes());
    out("keys_syllables.txt", keys.syllables.as_bytes());
    out("keys_fields.bin", &keys.fields);
    out("keys_docs.bin", &keys.docs);

    // The rights guides, one file per situation.
    let gdir = dir.join("guides");
    println!("cargo:rerun-if-changed={}", gdir.display());
    let mut guides: Vec<std::path::PathBuf> = fs::read_dir(&gdir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    guides.retain(|p| p.extension().is_some_and(|x| x == "toml"));
    guides.sort();
    let mut g = String::from("&[\n");
    for f in &guides {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        g.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    g.push(']');
    fs::write(Path::new(&out_dir).join("guides.rs"), g).unwrap();

    // Version mappings between statutes.
    let mdir = dir.join("mappings");
    println!("cargo:rerun-if-changed={}", mdir.display());
    let mut maps: Vec<std::path::PathBuf> = fs::read_dir(&mdir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    maps.retain(|p| p.extension().is_some_and(|x| x == "toml"));
    maps.sort();
    let mut m = String::from("&[\n");
    for f in &maps {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        m.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    m.push(']');
    fs::write(Path::new(&out_dir).join("mappings.rs"), m).unwrap();
    // Mappings are checked here against the statutes; at run time they are parsed on demand.
    for f in &maps {
        let src = fs::read_to_string(f).unwrap();
        let totals = |id: &str| {
            statutes
                .iter()
                .find(|s| s.id == id)
                .map(|s| s.articles_total)
        };
        if let Err(errs) = history::parse(&f.display().to_string(), &src, &totals) {
            let msgs: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
            panic!("invalid mapping:\n{}", msgs.join("\n"));
        }
    }
}
