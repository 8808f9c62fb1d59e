//! Pinned schedules: seeded runs whose makespan, transfer count and a hash
//! of the whole trace (every event's task, thread, start and end, bit for
//! bit) were recorded before the simulator's data structures were made
//! faster. A change that is only meant to be faster must leave each of
//! them exactly as it is; one that changes a schedule on purpose updates
//! the table and says why. `DAGSIM_PIN_PRINT=1` prints the table the code
//! gives now, in this file's syntax.
//!
//! The default test covers every policy but genetic (its own tests check
//! it) under every network model on a small ETL graph and on a random
//! graph with several outputs per task and tasks of several threads, plus
//! the information modes and a scheduling interval. The large runs (up to
//! 1M tasks under max-min sharing) take minutes in a debug build:
//! `cargo test --release --test pinned -- --ignored`.
#![cfg(not(target_arch = "wasm32"))]

use dagsim::etl::{self, EtlSpec};
use dagsim::graph::Graph;
use dagsim::sim::{self, Information, NetworkKind, PolicyKind, SimOptions, SimReport};

mod common {
    pub mod random_dag;
}
use common::random_dag::{random_dag, Mix};

/// The ETL pipeline of `files` files and as many comparisons.
fn etl_graph(files: u32) -> Graph {
    let etl = etl::build(&EtlSpec {
        files,
        compares: files,
        ..EtlSpec::default()
    })
    .expect("valid spec");
    etl.graph().clone()
}

/// The networks of a case: free, and each model at 1 MB/s with 100 µs latency.
fn networks() -> impl Iterator<Item = Option<NetworkKind>> {
    std::iter::once(None).chain(NetworkKind::ALL.map(Some))
}

fn options(
    workers: u32,
    threads: u32,
    policy: PolicyKind,
    network: Option<NetworkKind>,
) -> SimOptions {
    SimOptions {
        workers,
        threads_per_worker: threads,
        policy,
        bandwidth_mb_s: network.map(|_| 1.0),
        latency_us: 100.0,
        network: network.unwrap_or_default(),
        seed: 7,
        ..SimOptions::default()
    }
}

/// The name of a case: graph, policy, network and what else differs.
fn name(graph: &str, o: &SimOptions, extra: &str) -> String {
    let network = if o.bandwidth_mb_s.is_some() {
        o.network.name()
    } else {
        "free"
    };
    format!("{graph} {} {network}{extra}", o.policy)
}

/// Makespan (its bits), transfers, bytes moved and an FNV-1a hash of the
/// trace and the transfer log, in order.
fn fingerprint(r: &SimReport) -> (u64, u64, u64, u64) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut mix = |x: u64| {
        for byte in x.to_le_bytes() {
            h ^= u64::from(byte);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for e in &r.trace.events {
        mix(u64::from(e.task.0));
        mix(u64::from(e.thread));
        mix(e.start_us.to_bits());
        mix(e.end_us.to_bits());
    }
    for t in &r.transfer_log {
        mix(u64::from(t.from) << 32 | u64::from(t.to));
        mix(t.start_us.to_bits());
        mix(t.end_us.to_bits());
        mix(t.bytes);
    }
    (r.makespan_ms.to_bits(), r.transfers, r.transferred_bytes, h)
}

/// Runs every case and compares it with `pinned` (name, makespan bits,
/// transfers, bytes, hash); prints the table found with `DAGSIM_PIN_PRINT`.
fn check(cases: Vec<(String, &Graph, SimOptions)>, pinned: &[(&str, u64, u64, u64, u64)]) {
    let print = std::env::var_os("DAGSIM_PIN_PRINT").is_some();
    let mut wrong = Vec::new();
    for (i, (name, graph, o)) in cases.iter().enumerate() {
        let r = sim::simulate(graph, o).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (ms, transfers, bytes, hash) = fingerprint(&r);
        if print {
            println!(
                "    (\"{name}\", {ms:#018x}, {transfers}, {bytes}, {hash:#018x}), // {} ms",
                r.makespan_ms
            );
        }
        match pinned.get(i) {
            Some(&p) if p == (name.as_str(), ms, transfers, bytes, hash) => {}
            Some(&(_, pinned_ms, ..)) => wrong.push(format!(
                "{name}: makespan {} ms (pinned {} ms), transfers {transfers}, hash {hash:#018x}",
                r.makespan_ms,
                f64::from_bits(pinned_ms)
            )),
            None => wrong.push(format!("{name}: not pinned")),
        }
    }
    assert_eq!(cases.len(), pinned.len(), "cases and pinned rows");
    assert!(wrong.is_empty(), "schedules changed:\n{}", wrong.join("\n"));
}

#[test]
fn small_runs_schedule_exactly_as_pinned() {
    let etl = etl_graph(600);
    let dag = random_dag(Mix::Outputs, 11, 400);
    let mut cases = Vec::new();
    for policy in PolicyKind::ALL {
        for network in networks() {
            if !matches!(policy, PolicyKind::Genetic | PolicyKind::Camp) {
                let o = options(16, 1, policy, network);
                cases.push((name("etl", &o, ""), &etl, o));
            }
            if policy != PolicyKind::Genetic {
                let o = options(8, 3, policy, network);
                cases.push((name("dag", &o, ""), &dag, o));
            }
        }
    }
    for policy in [PolicyKind::DaskLike, PolicyKind::BLevel, PolicyKind::Etf] {
        for information in [Information::Noisy, Information::PrefixMean] {
            let o = SimOptions {
                information,
                ..options(16, 1, policy, Some(NetworkKind::Maxmin))
            };
            cases.push((name("etl", &o, &format!(" {information}")), &etl, o));
        }
        let o = SimOptions {
            scheduling_interval_us: 5_000.0,
            downloads_per_sender: Some(2),
            ..options(16, 2, policy, Some(NetworkKind::Maxmin))
        };
        cases.push((name("etl", &o, " interval"), &etl, o));
    }
    check(cases, SMALL);
}

#[test]
#[ignore = "minutes in a debug build: run with --release"]
fn large_runs_schedule_exactly_as_pinned() {
    let mid = etl_graph(25_000);
    let huge = etl_graph(250_000);
    let mut cases = Vec::new();
    for policy in [
        PolicyKind::DaskLike,
        PolicyKind::BLevel,
        PolicyKind::BLevelGt,
        PolicyKind::Etf,
        PolicyKind::WorkStealing,
        PolicyKind::Random,
    ] {
        for network in [Some(NetworkKind::Maxmin), Some(NetworkKind::FcfsInbound)] {
            let o = options(64, 1, policy, network);
            cases.push((name("etl-100k", &o, ""), &mid, o));
        }
    }
    for policy in [PolicyKind::DaskLike, PolicyKind::BLevel, PolicyKind::Etf] {
        let o = options(64, 1, policy, Some(NetworkKind::Maxmin));
        cases.push((name("etl-1m", &o, ""), &huge, o));
    }
    check(cases, LARGE);
}

/// Recorded at `44491c4` with the workers' event order of ESTEE (a worker
/// starts its own queue's task before new ready tasks are placed; the
/// best queued task that fits) and the `-gt` choice over every holder,
/// before the ready queues, the holders' index and the max-min refill
/// changed: name, makespan (f64 bits), transfers, bytes moved, hash of the
/// trace and transfer log.
#[rustfmt::skip]
const SMALL: &[(&str, u64, u64, u64, u64)] = &[
    ("etl dask-like free", 0x40d77f10a3b4dbba, 0, 0, 0x110b587702862952), // 24060.25999185045 ms
    ("dag dask-like free", 0x406ce0ef773cd5a2, 0, 0, 0x8a69225e325e066f), // 231.02923166162242 ms
    ("etl dask-like fcfs-inbound", 0x40d7913e7fa2f081, 2930, 2141512, 0xd48912e1303f324a), // 24132.97654031264 ms
    ("dag dask-like fcfs-inbound", 0x40d4402aa6df123e, 596, 140978609, 0x8696a3002982c552), // 20736.66643502027 ms
    ("etl dask-like simple", 0x40d783b38275445d, 2929, 2143000, 0x66874cbc0b90e3f6), // 24078.804837528955 ms
    ("dag dask-like simple", 0x40bb93a6d5f2071e, 608, 147912396, 0x9dc2327429d23f9d), // 7059.651702048051 ms
    ("etl dask-like maxmin", 0x40d7835e7fa2f081, 2931, 2143024, 0x08247f04e0504a78), // 24077.47654031264 ms
    ("dag dask-like maxmin", 0x40e1ea21925edd31, 574, 136251837, 0xad70f9b680f0e8e4), // 36689.04911750032 ms
    ("etl work-stealing free", 0x40d7874e06ff1a7f, 0, 0, 0x68077f026969d044), // 24093.21917703235 ms
    ("dag work-stealing free", 0x406d4331132ffa33, 0, 0, 0x9a586e3afc61ac96), // 234.09974059458327 ms
    ("etl work-stealing fcfs-inbound", 0x40d79d96e665c71c, 3301, 1995096, 0xaf30987a0d3d1961), // 24182.35781235165 ms
    ("dag work-stealing fcfs-inbound", 0x40d5b310ca5e5d49, 624, 148741257, 0x88f942c06197006a), // 22220.262351599788 ms
    ("etl work-stealing simple", 0x40d78e1a311cddcf, 3309, 2017168, 0xb65c0c0f2fab02be), // 24120.40924760495 ms
    ("dag work-stealing simple", 0x40bd4203fa6b224a, 634, 150441170, 0x68efe92ca208260f), // 7490.015539832946 ms
    ("etl work-stealing maxmin", 0x40d791d955d2b44b, 3297, 2005000, 0x27a9d3c4410753e9), // 24135.395863224094 ms
    ("dag work-stealing maxmin", 0x40dd2b3442572d32, 512, 120996688, 0x2f1dc00e97bde080), // 29868.81654910482 ms
    ("etl b-level free", 0x40d77de0dc73507b, 0, 0, 0x3baa7992f15b397f), // 24055.513455227465 ms
    ("dag b-level free", 0x406cb6e7b2b163fe, 0, 0, 0x2e8bc3729f8c2caa), // 229.7157834496174 ms
    ("etl b-level fcfs-inbound", 0x40d7bd4a373ff5ec, 3576, 2634336, 0x2365c2123d949b19), // 24309.159622182997 ms
    ("dag b-level fcfs-inbound", 0x40d54e579c1a78e2, 627, 164902060, 0x96a51d2a8d569191), // 21817.36890279584 ms
    ("etl b-level simple", 0x40d79b840609d111, 3564, 2617192, 0x4e3456b537c0a47b), // 24174.062868551413 ms
    ("dag b-level simple", 0x40c2439cd12cfdd2, 637, 166071420, 0x643cb469e3c835c7), // 9351.225133537231 ms
    ("etl b-level maxmin", 0x40d7ae42b6b99b49, 3529, 2583784, 0x7b79a49168396364), // 24249.042402650495 ms
    ("dag b-level maxmin", 0x40e159731597d580, 611, 159477429, 0x83c444528fc1a06a), // 35531.59638587665 ms
    ("etl random free", 0x40dcf633387a60a0, 0, 0, 0x919de8e65a2459ac), // 29656.800322145806 ms
    ("dag random free", 0x40738525e8cf58c4, 0, 0, 0x7b45a7339d949fae), // 312.3217552279932 ms
    ("etl random fcfs-inbound", 0x40dc892a417f0f81, 3574, 2617336, 0x8b0415460708193e), // 29220.660247578755 ms
    ("dag random fcfs-inbound", 0x40dbd55cd10c4fd6, 671, 173065438, 0x3045075ef9846e9e), // 28501.450259283032 ms
    ("etl random simple", 0x40dd05a2020b8202, 3533, 2580832, 0xe2cf9ddbf6a286b7), // 29718.531374813996 ms
    ("dag random simple", 0x40c22055c16cbcdc, 670, 171898145, 0xa1f1cce22f499637), // 9280.669965355126 ms
    ("etl random maxmin", 0x40dbef7311f9d69d, 3568, 2603288, 0x47ba798dca5ef049), // 28605.797972163757 ms
    ("dag random maxmin", 0x40e3c74171f4a87b, 679, 173336828, 0x48faad81fe3a4a3d), // 40506.0451606074 ms
    ("etl fifo free", 0x40d81cb5f76d470c, 0, 0, 0xf65656be780f328f), // 24690.843226737386 ms
    ("dag fifo free", 0x406f14900e9075b9, 0, 0, 0x97f255261f84e544), // 248.64258506979766 ms
    ("etl fifo fcfs-inbound", 0x40d85cece2474b56, 3615, 2667352, 0x72ec4c8137509eca), // 24947.701310943194 ms
    ("dag fifo fcfs-inbound", 0x40d63fa0c382db7b, 650, 165827985, 0x4a1a20c1ef3a5678), // 22782.51193305429 ms
    ("etl fifo simple", 0x40d83a8e4907d74e, 3602, 2657112, 0x0446946b76b9310d), // 24810.223207435854 ms
    ("dag fifo simple", 0x40c4c9a9e072cc9e, 682, 175809631, 0xa9d30892ef40f91a), // 10643.327162122641 ms
    ("etl fifo maxmin", 0x40d8512c07b88d83, 3587, 2637408, 0x243a673db86705d1), // 24900.687971246905 ms
    ("dag fifo maxmin", 0x40e4c3189b6fed4c, 666, 170489272, 0x6b188f171a6156b2), // 42520.76897426936 ms
    ("etl b-level-gt free", 0x40d77de0dc73507b, 0, 0, 0x54e4f5c030e1448b), // 24055.513455227465 ms
    ("dag b-level-gt free", 0x406cbd2e62ffcc8b, 0, 0, 0x146cb7b498522788), // 229.91191244087926 ms
    ("etl b-level-gt fcfs-inbound", 0x40d7bd4247a243be, 3575, 2634312, 0x821b6d9ae5707e5b), // 24309.035622182993 ms
    ("dag b-level-gt fcfs-inbound", 0x40d27be0c7a14d16, 579, 147981524, 0x82c71d6e22bdc631), // 18927.512184453277 ms
    ("etl b-level-gt simple", 0x40d79b840609d111, 3563, 2617168, 0x82abf02f4b068cf6), // 24174.062868551413 ms
    ("dag b-level-gt simple", 0x40c220ca927d2ce7, 599, 153605397, 0x0958a261cde867b8), // 9281.582595488477 ms
    ("etl b-level-gt maxmin", 0x40d7ae3fa44b03ba, 3527, 2583736, 0x7c795b7233f14411), // 24248.99440265049 ms
    ("dag b-level-gt maxmin", 0x40e2f7b22e6860c1, 604, 155189430, 0xdc82ed0420c5c45d), // 38845.56816500566 ms
    ("etl t-level free", 0x40d81d5a88f1854a, 0, 0, 0xb0d1ba04e71b020a), // 24693.414608364263 ms
    ("dag t-level free", 0x406f0f0e1868fd52, 0, 0, 0x57a5adcf37fd3e00), // 248.47047062402504 ms
    ("etl t-level fcfs-inbound", 0x40d85d1bc8339418, 3572, 2631288, 0xaf889261706dc7d3), // 24948.43409432852 ms
    ("dag t-level fcfs-inbound", 0x40d4f7017429bca4, 609, 159027894, 0x4b84b35c9e86cb3c), // 21468.022715028972 ms
    ("etl t-level simple", 0x40d83b31c1a88cad, 3584, 2643456, 0x9d68b049f39a96ff), // 24812.777444970492 ms
    ("dag t-level simple", 0x40c35f2cc72516db, 627, 162236530, 0xbf576ccd1dfc26aa), // 9918.349827419433 ms
    ("etl t-level maxmin", 0x40d851f6c4bc9f50, 3606, 2644208, 0x5c054060cd99a51c), // 24903.85575786169 ms
    ("dag t-level maxmin", 0x40e1d2f372c98332, 620, 157841466, 0x12e2827f741698cc), // 36503.607762104264 ms
    ("etl t-level-gt free", 0x40d81d5a88f1854a, 0, 0, 0xc79db8dfde32d6e1), // 24693.414608364263 ms
    ("dag t-level-gt free", 0x406f42d81e0108b3, 0, 0, 0x746f83a678cb8876), // 250.0888814945407 ms
    ("etl t-level-gt fcfs-inbound", 0x40d85c445212b067, 3565, 2629096, 0x9cb22d8c82acc366), // 24945.067509338634 ms
    ("dag t-level-gt fcfs-inbound", 0x40d25a758858989d, 566, 144206857, 0x16c6bd975e935c42), // 18793.836446904217 ms
    ("etl t-level-gt simple", 0x40d83b27008c3612, 3608, 2672064, 0x580729c7593169dd), // 24812.609408428958 ms
    ("dag t-level-gt simple", 0x40c220c730edca3a, 585, 149950634, 0xf87edfcf09af2117), // 9281.55618069052 ms
    ("etl t-level-gt maxmin", 0x40d8513d376e765b, 3565, 2636144, 0xc3cfbc1207cca900), // 24900.956508269865 ms
    ("dag t-level-gt maxmin", 0x40e0d4faceb26217, 584, 149415811, 0x8d8e7a7682128565), // 34471.837731544096 ms
    ("etl mcp free", 0x40d7822f31037a4f, 0, 0, 0xf136860554d7cc07), // 24072.73736655182 ms
    ("dag mcp free", 0x406ce5fb1decc77e, 0, 0, 0x76ded465cb8c4067), // 231.18690391775084 ms
    ("etl mcp fcfs-inbound", 0x40d792b083895293, 3005, 2170864, 0xd38de57fc4fae908), // 24138.758028345717 ms
    ("dag mcp fcfs-inbound", 0x40c7fbb347f2c490, 215, 44377327, 0xdfbb92589dc59c41), // 12279.400633188226 ms
    ("etl mcp simple", 0x40d785db02832db6, 3005, 2170864, 0xa928efe4978714ef), // 24087.422028345718 ms
    ("dag mcp simple", 0x40a6cddb49eda0f5, 209, 42881724, 0x48b6bf814175bce3), // 2918.928298402689 ms
    ("etl mcp maxmin", 0x40d784ea1d22ec2d, 3005, 2170864, 0x8d88726637ecc599), // 24083.65802834572 ms
    ("dag mcp maxmin", 0x40d075a020197676, 205, 42234538, 0x16ddd548cf18e65f), // 16854.50195919579 ms
    ("etl etf free", 0x40d7822f31037a4f, 0, 0, 0xf136860554d7cc07), // 24072.73736655182 ms
    ("dag etf free", 0x406ce5fb1decc77e, 0, 0, 0x76ded465cb8c4067), // 231.18690391775084 ms
    ("etl etf fcfs-inbound", 0x40d793e12932e630, 2929, 2101000, 0x624c4043eed2e9f4), // 24143.518139576714 ms
    ("dag etf fcfs-inbound", 0x40c8078df7b9ec2c, 194, 39951541, 0xd03b58249772076a), // 12303.109122505492 ms
    ("etl etf simple", 0x40d786f3d953aacc, 2929, 2101000, 0xef4644bce7f3c08b), // 24091.810139576715 ms
    ("dag etf simple", 0x40ac9f3a145a3d5b, 197, 40382977, 0x448d2ef05cac3dc3), // 3663.6134365272424 ms
    ("etl etf maxmin", 0x40d786012932e630, 2929, 2101000, 0xe552917480a1d638), // 24088.018139576714 ms
    ("dag etf maxmin", 0x40cf1a5c77781564, 194, 39951541, 0x90bbed921ba2d307), // 15924.722395906872 ms
    ("etl dls free", 0x40d7822f31037a4f, 0, 0, 0xf136860554d7cc07), // 24072.73736655182 ms
    ("dag dls free", 0x406ce5fb1decc77e, 0, 0, 0x76ded465cb8c4067), // 231.18690391775084 ms
    ("etl dls fcfs-inbound", 0x40d79390f4897e5c, 2987, 2142720, 0x27a7d040c1095d15), // 24142.26492535915 ms
    ("dag dls fcfs-inbound", 0x40c8078df7b9ec2c, 194, 39951541, 0x648ea52fd67928aa), // 12303.109122505492 ms
    ("etl dls simple", 0x40d7869bb50c90cb, 2987, 2142720, 0x2997e14dd845ac63), // 24090.432925359153 ms
    ("dag dls simple", 0x40ac9f3a145a3d5b, 197, 40382977, 0x9557cb598b6fdb8b), // 3663.6134365272424 ms
    ("etl dls maxmin", 0x40d785a427bcb18f, 2987, 2142720, 0x9fb0e76504e05c77), // 24086.56492535915 ms
    ("dag dls maxmin", 0x40cf1a5c77781564, 194, 39951541, 0x90bbed921ba2d307), // 15924.722395906872 ms
    ("etl single free", 0x411779cae545223d, 0, 0, 0xb639a282aff5e704), // 384626.7238965368 ms
    ("dag single free", 0x409b35f9c68af78d, 0, 0, 0xbb51d3ac9ccff71c), // 1741.4939214433282 ms
    ("etl single fcfs-inbound", 0x411779cae545223d, 0, 0, 0xb639a282aff5e704), // 384626.7238965368 ms
    ("dag single fcfs-inbound", 0x409b35f9c68af78d, 0, 0, 0xbb51d3ac9ccff71c), // 1741.4939214433282 ms
    ("etl single simple", 0x411779cae545223d, 0, 0, 0xb639a282aff5e704), // 384626.7238965368 ms
    ("dag single simple", 0x409b35f9c68af78d, 0, 0, 0xbb51d3ac9ccff71c), // 1741.4939214433282 ms
    ("etl single maxmin", 0x411779cae545223d, 0, 0, 0xb639a282aff5e704), // 384626.7238965368 ms
    ("dag single maxmin", 0x409b35f9c68af78d, 0, 0, 0xbb51d3ac9ccff71c), // 1741.4939214433282 ms
    ("etl work-stealing-eager free", 0x40d7855cbabfefbb, 0, 0, 0x06e5d8d674d0bd50), // 24085.448898300278 ms
    ("dag work-stealing-eager free", 0x406ca4c034b7d2f5, 0, 0, 0xe47c76057ceb9fb7), // 229.1484626379312 ms
    ("etl work-stealing-eager fcfs-inbound", 0x40d7a761a540447a, 3251, 2199184, 0x824afa64b58d93f4), // 24221.525711123344 ms
    ("dag work-stealing-eager fcfs-inbound", 0x40d21e4dc2a6706d, 532, 126131456, 0xe45e8c44de5918c3), // 18553.2150055025 ms
    ("etl work-stealing-eager simple", 0x40d79116b77ec91e, 3221, 2168752, 0xb4d1cd79afdbdbde), // 24132.35494966164 ms
    ("dag work-stealing-eager simple", 0x40bbb65ebcd4e2ec, 608, 147489996, 0x26688b0ab13a60a8), // 7094.370068841363 ms
    ("etl work-stealing-eager maxmin", 0x40d7952a9b617f9b, 3223, 2165824, 0x371e2482784f8c5e), // 24148.665733694663 ms
    ("dag work-stealing-eager maxmin", 0x40e1d17bac6f6103, 607, 147185545, 0xae9b189c4aab835a), // 36491.86479920337 ms
    ("etl lc free", 0x40d77e1f05eb1502, 0, 0, 0xaf1b3b603bffaacf), // 24056.484736223712 ms
    ("dag lc free", 0x406ed6d04398ba77, 0, 0, 0xe205e73797826be6), // 246.71292285756837 ms
    ("etl lc fcfs-inbound", 0x40d78fc316ba5007, 2209, 1535968, 0x111924d12cf1b0fd), // 24127.048262193824 ms
    ("dag lc fcfs-inbound", 0x40d31240b553c0b4, 451, 113165169, 0xfecd532dfadb4484), // 19529.011067331492 ms
    ("etl lc simple", 0x40d782a62928e794, 2209, 1535968, 0x6f77043f98edddc0), // 24074.596262193823 ms
    ("dag lc simple", 0x40b67020452cc072, 451, 113165169, 0x82af0b15c9317e9b), // 5744.126055523857 ms
    ("etl lc maxmin", 0x40d781a97d20b66e, 2209, 1535968, 0x31f9d6cd71b11503), // 24070.648262193827 ms
    ("dag lc maxmin", 0x40d951acc75a1fdf, 451, 113165169, 0x8e2af5576887d7f3), // 25926.699667483448 ms
    ("dag camp free", 0x40710e5e4bb5180c, 0, 0, 0x07bb52e86ccfca49), // 272.8980214189512 ms
    ("dag camp fcfs-inbound", 0x4097d46ebdca9bb7, 0, 0, 0x9461c7951b9cb724), // 1525.1081458718816 ms
    ("dag camp simple", 0x4097d46ebdca9bb7, 0, 0, 0x9461c7951b9cb724), // 1525.1081458718816 ms
    ("dag camp maxmin", 0x4097d46ebdca9bb7, 0, 0, 0x9461c7951b9cb724), // 1525.1081458718816 ms
    ("etl dask-like maxmin noisy", 0x40d78c0f1671629a, 3153, 2305152, 0xf0ae2c1777140318), // 24112.235744806567 ms
    ("etl dask-like maxmin prefix-mean", 0x40d78ddf40523d80, 2516, 1743496, 0xb34be374ba47b988), // 24119.4883008576 ms
    ("etl dask-like maxmin interval", 0x40c79113ddf2e0c8, 3087, 2251360, 0xd96da15ca27f565c), // 12066.155210838086 ms
    ("etl b-level maxmin noisy", 0x40d7af0545d22b8d, 3554, 2609608, 0x689c6d9a3d16b4a5), // 24252.082386534243 ms
    ("etl b-level maxmin prefix-mean", 0x40d7bc653e5a5514, 3616, 2660376, 0xcaaa3409e13fce5b), // 24305.581930716595 ms
    ("etl b-level maxmin interval", 0x40c8008075404934, 3560, 2618656, 0x597f8fcc23a29eec), // 12289.003578220123 ms
    ("etl etf maxmin noisy", 0x40d7a82b206a5b25, 3059, 2199440, 0x200c345aa749f555), // 24224.673853482254 ms
    ("etl etf maxmin prefix-mean", 0x40d7cffdfdbe4ad1, 2486, 1699648, 0xcedce9337c1ffa53), // 24383.96861226374 ms
    ("etl etf maxmin interval", 0x40c78fcd6599b664, 2891, 2075032, 0x3ad1a20032e4bba2), // 12063.604663099344 ms
];

/// Recorded like [`SMALL`], in a release build; the rows of ETF at 100k
/// and of dask-like and ETF at 1M again when the earliest-start choice
/// came to weigh every worker holding an input (the reduction, reading
/// every compare, now starts on the best of all 64 workers, not of the
/// first 16 met: 3–49 fewer transfers, 0.07–1.18 ms sooner).
#[rustfmt::skip]
const LARGE: &[(&str, u64, u64, u64, u64)] = &[
    ("etl-100k dask-like maxmin", 0x410e6cb64f6770b8, 133104, 95949512, 0x8658dce14b98f937), // 249238.78877151548 ms
    ("etl-100k dask-like fcfs-inbound", 0x410eb97d6a4da005, 133102, 95946488, 0x77b6b663afc5789b), // 251695.67690587058 ms
    ("etl-100k b-level maxmin", 0x410eab4cf1284a74, 160415, 118588056, 0x44094efa0a0c9c45), // 251241.6177526299 ms
    ("etl-100k b-level fcfs-inbound", 0x410ef9cf4163d911, 160516, 118703792, 0xaf07048a81fc053c), // 253753.90692872604 ms
    ("etl-100k b-level-gt maxmin", 0x410eab4bca3ed19f, 160409, 118587912, 0x0b5075e525ef3c77), // 251241.4737526299 ms
    ("etl-100k b-level-gt fcfs-inbound", 0x410ef9c457eb0413, 160505, 118703528, 0xd6e858e1691414c8), // 253752.54292872603 ms
    ("etl-100k etf maxmin", 0x410e6cb796966f4d, 134797, 97084304, 0x1b644154e4aac11c), // 249238.94852911905 ms
    ("etl-100k etf fcfs-inbound", 0x410eb98863633c1a, 134797, 97084304, 0xc3d9f566067e0b1d), // 251697.04852911906 ms
    ("etl-100k work-stealing maxmin", 0x410e778a72d42b46, 141959, 85349392, 0x051d90b0cec31c31), // 249585.30606874282 ms
    ("etl-100k work-stealing fcfs-inbound", 0x410ec54c385fbf8d, 141957, 85315192, 0xc11a10a5e98f05a6), // 252073.52752637528 ms
    ("etl-100k random maxmin", 0x4110cffcc0aeef70, 160449, 118584736, 0x44dcaad288eb4513), // 275455.1881673252 ms
    ("etl-100k random fcfs-inbound", 0x4110d7bb1cc99a60, 160513, 118665016, 0xeea31ef22bb3019d), // 275950.7781128045 ms
    ("etl-1m dask-like maxmin", 0x414303715e10272d, 1332671, 958606296, 0x690921f441ec33d5), // 2492130.7348679514 ms
    ("etl-1m b-level maxmin", 0x41432a96bb38a00c, 1605954, 1186550048, 0x938f88c346f1976c), // 2512173.4626655634 ms
    ("etl-1m etf maxmin", 0x4143036d78aee7c4, 1348876, 971309056, 0xa7fe12467066523c), // 2492122.942837687 ms
];
