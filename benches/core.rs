//! Micro-benchmarks of the search core and the citation parser (cargo bench).

use criterion::{Criterion, criterion_group, criterion_main};
use fatiao::corpus::{Corpus, Sources};
use fatiao::search::{Filter, Index};
use std::hint::black_box;

fn core(c: &mut Criterion) {
    let corpus = Corpus::load(&Sources::default()).unwrap();
    c.bench_function("load embedded corpus", |b| {
        b.iter(|| Corpus::load(black_box(&Sources::default())).unwrap())
    });
    c.bench_function("index", |b| b.iter(|| Index::new(black_box(&corpus))));
    let idx = Index::new(&corpus);
    let filter = Filter {
        limit: 5,
        ..Default::default()
    };
    for q in [
        "治安管理处罚法第九十七条第二款",
        "psapl 97",
        "询问查证 时限",
        "questioning time limit",
        "xunwen",
        "询问查正",
        "被行政拘留了会通知家里人吗",
    ] {
        c.bench_function(&format!("search {q}"), |b| {
            b.iter(|| idx.search(black_box(q), &filter))
        });
    }
    for q in [
        "治安管理处罚法第九十七条第二款",
        "刑法第一百二十条之一",
        "治安法(2012) 83",
        "盘问",
    ] {
        c.bench_function(&format!("citation {q}"), |b| {
            b.iter(|| fatiao::citation::parse(black_box(&corpus), black_box(q)))
        });
    }
    c.bench_function("numerals 1..=9999", |b| {
        b.iter(|| {
            (1..=9999u32)
                .filter_map(|n| fatiao::numerals::from_chinese(&fatiao::numerals::to_chinese(n)))
                .sum::<u32>()
        })
    });
}

criterion_group!(benches, core);
criterion_main!(benches);
