//! Embeds every statutes/*.toml file in the binary, so fatiao needs no data files at run time.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("statutes");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("statutes/ directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut out = String::from("&[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().unwrap().to_string_lossy();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    out.push(']');
    let out_dir = env::var("OUT_DIR").unwrap();
    fs::write(Path::new(&out_dir).join("embedded.rs"), out).unwrap();

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
}
