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
use dagsim::graph::{Graph, GraphBuilder, Input, Reads, TaskId};
use dagsim::prng::{Purpose, SplitMix64};
use dagsim::sim::{self, Information, NetworkKind, PolicyKind, SimOptions, SimReport};

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

/// A seeded random graph of `n` tasks with up to three outputs each,
/// consumers reading some or all of them, and tasks of up to 3 threads.
fn extended_dag(seed: u64, n: u32) -> Graph {
    let mut rng = SplitMix64::stream(seed, Purpose::Placement, 7);
    let mut b = GraphBuilder::new();
    let mut made: Vec<(TaskId, u32)> = Vec::new();
    let mut reads: Vec<Vec<u32>> = Vec::new();
    for i in 0..n {
        let k = if made.is_empty() { 0 } else { rng.below(4) };
        let mut deps: Vec<(TaskId, u32)> = (0..k)
            .map(|_| made[rng.below(made.len() as u32) as usize])
            .collect();
        deps.sort();
        deps.dedup();
        reads.clear();
        for &(_, outputs) in &deps {
            let first = rng.below(outputs);
            reads.push(if rng.below(2) == 0 {
                (0..outputs).collect()
            } else {
                vec![first]
            });
        }
        let inputs: Vec<Input> = deps
            .iter()
            .zip(&reads)
            .map(|(&(task, outputs), r)| Input {
                task,
                reads: if r.len() as u32 == outputs {
                    Reads::All
                } else {
                    Reads::Only(r)
                },
            })
            .collect();
        let outputs: Vec<u64> = (0..1 + rng.below(3))
            .map(|_| 1_000 + u64::from(rng.below(500_000)))
            .collect();
        let threads = 1 + rng.below(3);
        let id = b.add_with(
            "t",
            u64::from(i),
            &inputs,
            1.0 + 10.0 * rng.uniform(),
            &outputs,
            threads,
        );
        made.push((id, outputs.len() as u32));
    }
    b.finish()
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
    let dag = extended_dag(11, 400);
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

/// Recorded at main `44491c4`, before the ready queues, the holders'
/// index and the max-min refill changed: name, makespan (f64 bits),
/// transfers, bytes moved, hash of the trace and transfer log.
#[rustfmt::skip]
const SMALL: &[(&str, u64, u64, u64, u64)] = &[
    ("etl dask-like free", 0x40d77ed4681ee564, 0, 0, 0xc57ad7516ca12403), // 24059.318855022444 ms
    ("dag dask-like free", 0x406f04ed6e3eafba, 0, 0, 0x671f9635c619aec7), // 248.15398323291248 ms
    ("etl dask-like fcfs-inbound", 0x40d791145a890569, 2931, 2125024, 0x8d5b54f78d42aa1b), // 24132.318025832446 ms
    ("dag dask-like fcfs-inbound", 0x40cff588964c1e1f, 532, 124072217, 0x4fea1d2b9206589e), // 16363.067086710651 ms
    ("etl dask-like simple", 0x40d783bfdfa7bdbb, 2934, 2128560, 0x1bf725e21daf7ae6), // 24078.998025832447 ms
    ("dag dask-like simple", 0x40b814aa74234617, 571, 133966553, 0x0fecf80ac4fafc78), // 6164.665834622013 ms
    ("etl dask-like maxmin", 0x40d7834be3c4bfa8, 2931, 2125024, 0xd9dc7e3b5a498e90), // 24077.185776889004 ms
    ("dag dask-like maxmin", 0x40e4a03c8e7fde13, 493, 119801640, 0xe1ebedbd2d836cf4), // 42241.89239495634 ms
    ("etl work-stealing free", 0x40d781f04bb35289, 0, 0, 0x95251edeed1c0366), // 24071.75462039051 ms
    ("dag work-stealing free", 0x406e78987f1358ea, 0, 0, 0xc585f39100587674), // 243.76861528185628 ms
    ("etl work-stealing fcfs-inbound", 0x40d79c77dbac01a0, 3307, 2011632, 0x3388ca79b6b07fc5), // 24177.872782708728 ms
    ("dag work-stealing fcfs-inbound", 0x40d008241fb31807, 507, 116876234, 0xa6954397e280e42e), // 16416.564434789147 ms
    ("etl work-stealing simple", 0x40d78cf288918c6f, 3293, 2003488, 0x89c5085ac7809120), // 24115.789585482733 ms
    ("dag work-stealing simple", 0x40b71bfb29515ca3, 549, 128851196, 0xfe624b300831247e), // 5915.9810992098965 ms
    ("etl work-stealing maxmin", 0x40d7948ad2095dfe, 3302, 2012584, 0xd1b0794b8a7aae76), // 24146.169069616117 ms
    ("dag work-stealing maxmin", 0x40e6157fba99b2ed, 522, 123862391, 0x7fef8d33a12ad2bb), // 45227.991528367485 ms
    ("etl b-level free", 0x40d77de0dc73507b, 0, 0, 0x3baa7992f15b397f), // 24055.513455227465 ms
    ("dag b-level free", 0x406cb6e7b2b163fe, 0, 0, 0x2e8bc3729f8c2caa), // 229.7157834496174 ms
    ("etl b-level fcfs-inbound", 0x40d7bd4a373ff5ec, 3576, 2634336, 0x2365c2123d949b19), // 24309.159622182997 ms
    ("dag b-level fcfs-inbound", 0x40d54e579c1a78e2, 627, 164902060, 0x96a51d2a8d569191), // 21817.36890279584 ms
    ("etl b-level simple", 0x40d79b840609d111, 3564, 2617192, 0x4e3456b537c0a47b), // 24174.062868551413 ms
    ("dag b-level simple", 0x40c2439cd12cfdd2, 637, 166071420, 0x643cb469e3c835c7), // 9351.225133537231 ms
    ("etl b-level maxmin", 0x40d7ae42b6b99b49, 3529, 2583784, 0x7b79a49168396364), // 24249.042402650495 ms
    ("dag b-level maxmin", 0x40e159731597d580, 611, 159477429, 0x83c444528fc1a06a), // 35531.59638587665 ms
    ("etl random free", 0x40dcf633387a60a0, 0, 0, 0xb84c38777f6d0e98), // 29656.800322145806 ms
    ("dag random free", 0x4077cca8d9fcaa17, 0, 0, 0x37531c6df8b4b4e3), // 380.79122351357495 ms
    ("etl random fcfs-inbound", 0x40dc892a417f0f81, 3574, 2617336, 0x8b0415460708193e), // 29220.660247578755 ms
    ("dag random fcfs-inbound", 0x40dcf3de994f5525, 680, 173426811, 0x791c5f87a5de0afa), // 29647.47810729327 ms
    ("etl random simple", 0x40dd05a2020b8202, 3533, 2580832, 0xe2cf9ddbf6a286b7), // 29718.531374813996 ms
    ("dag random simple", 0x40bdf60098edd98e, 666, 172128036, 0xbe6e32f85ee32877), // 7670.002333512892 ms
    ("etl random maxmin", 0x40dbef7311f9d69d, 3568, 2603288, 0x47ba798dca5ef049), // 28605.797972163757 ms
    ("dag random maxmin", 0x40e44b9fd91460b8, 666, 171819577, 0xe1ff9db4218b709a), // 41564.99524897471 ms
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
    ("etl mcp free", 0x40d782a289303594, 0, 0, 0x6a10009415880bf4), // 24074.539623310397 ms
    ("dag mcp free", 0x40701613f4e1b4fc, 0, 0, 0x2a0a64f0c094453b), // 257.3798722092322 ms
    ("etl mcp fcfs-inbound", 0x40d792b083895293, 3005, 2170864, 0xd38de57fc4fae908), // 24138.758028345717 ms
    ("dag mcp fcfs-inbound", 0x40c61d4422a9d2c8, 209, 42881724, 0x9234d5ddf5409e43), // 11322.532307842179 ms
    ("etl mcp simple", 0x40d785db02832db6, 3005, 2170864, 0xa928efe4978714ef), // 24087.422028345718 ms
    ("dag mcp simple", 0x40a6f1c95179c420, 209, 42881724, 0xfd47d7ee1560344a), // 2936.89319973487 ms
    ("etl mcp maxmin", 0x40d784ea1d22ec2d, 3005, 2170864, 0x8d88726637ecc599), // 24083.65802834572 ms
    ("dag mcp maxmin", 0x40d0762ed95b6e8e, 205, 42234538, 0xc70cd7239f22bc98), // 16856.73201642796 ms
    ("etl etf free", 0x40d782a289303594, 0, 0, 0x6a10009415880bf4), // 24074.539623310397 ms
    ("dag etf free", 0x40701613f4e1b4fc, 0, 0, 0x2a0a64f0c094453b), // 257.3798722092322 ms
    ("etl etf fcfs-inbound", 0x40d7919b9979a680, 2886, 2036472, 0xca7cbfe5102a30b4), // 24134.43124238262 ms
    ("dag etf fcfs-inbound", 0x40c7f674ea2c3c9f, 194, 39436645, 0x51b4a3833f6818f2), // 12268.913396386719 ms
    ("etl etf simple", 0x40d784b639381d49, 2886, 2036472, 0x1a23c81279f9d5a5), // 24082.84724238262 ms
    ("dag etf simple", 0x40ac796265488e6c, 197, 39868081, 0x86fef0f3a8e14b6f), // 3644.692178981195 ms
    ("etl etf maxmin", 0x40d783c1ffe00ce6, 2886, 2036472, 0x93584ac37256961a), // 24079.031242382618 ms
    ("dag etf maxmin", 0x40d13edf9ca2dec3, 194, 39387533, 0x03091d497142b7ab), // 17659.493935315648 ms
    ("etl dls free", 0x40d782a289303594, 0, 0, 0x6a10009415880bf4), // 24074.539623310397 ms
    ("dag dls free", 0x40701613f4e1b4fc, 0, 0, 0x2a0a64f0c094453b), // 257.3798722092322 ms
    ("etl dls fcfs-inbound", 0x40d79390f4897e5c, 2987, 2142720, 0x437e8d3a9b473f49), // 24142.26492535915 ms
    ("dag dls fcfs-inbound", 0x40c7f674ea2c3c9f, 194, 39436645, 0x6b556db1292dc38e), // 12268.913396386719 ms
    ("etl dls simple", 0x40d7869bb50c90cb, 2987, 2142720, 0xc3c2c41d7fbde0ff), // 24090.432925359153 ms
    ("dag dls simple", 0x40ac796265488e6c, 197, 39868081, 0x8c6ad6ea18a9016f), // 3644.692178981195 ms
    ("etl dls maxmin", 0x40d785a427bcb18f, 2987, 2142720, 0xa6251b6cf7c1730b), // 24086.56492535915 ms
    ("dag dls maxmin", 0x40d13edf9ca2dec3, 194, 39387533, 0x1a33e0edf1a536bf), // 17659.493935315648 ms
    ("etl single free", 0x411779cae545223d, 0, 0, 0x299acec6fd73a1e0), // 384626.7238965368 ms
    ("dag single free", 0x409e1104ba9b6513, 0, 0, 0x99f1d0a79fe56192), // 1924.2546180992547 ms
    ("etl single fcfs-inbound", 0x411779cae545223d, 0, 0, 0x299acec6fd73a1e0), // 384626.7238965368 ms
    ("dag single fcfs-inbound", 0x409e1104ba9b6513, 0, 0, 0x99f1d0a79fe56192), // 1924.2546180992547 ms
    ("etl single simple", 0x411779cae545223d, 0, 0, 0x299acec6fd73a1e0), // 384626.7238965368 ms
    ("dag single simple", 0x409e1104ba9b6513, 0, 0, 0x99f1d0a79fe56192), // 1924.2546180992547 ms
    ("etl single maxmin", 0x411779cae545223d, 0, 0, 0x299acec6fd73a1e0), // 384626.7238965368 ms
    ("dag single maxmin", 0x409e1104ba9b6513, 0, 0, 0x99f1d0a79fe56192), // 1924.2546180992547 ms
    ("etl work-stealing-eager free", 0x40d781b0ce7f080b, 0, 0, 0x453c8a782c4f03bf), // 24070.762603528838 ms
    ("dag work-stealing-eager free", 0x406ec66a9c26e11b, 0, 0, 0xf3186f0a2b7e999b), // 246.20051391214005 ms
    ("etl work-stealing-eager fcfs-inbound", 0x40d79f8a71645e33, 3226, 2155896, 0x5e643a0161d214ac), // 24190.163170902244 ms
    ("dag work-stealing-eager fcfs-inbound", 0x40d3fe6acbccbb0f, 588, 139810710, 0x519eb0e622a45669), // 20473.66868894832 ms
    ("etl work-stealing-eager simple", 0x40d7980f6045a888, 3198, 2133976, 0xfa245d101181e744), // 24160.24025098284 ms
    ("dag work-stealing-eager simple", 0x40b7db21dda2f5de, 572, 135723156, 0x848d7ce5db23218e), // 6107.132288155581 ms
    ("etl work-stealing-eager maxmin", 0x40d796ef4ffd7459, 3214, 2152704, 0xcf12f7880df8fd3e), // 24155.7392572056 ms
    ("dag work-stealing-eager maxmin", 0x40e288ed69bc9a80, 560, 134761864, 0x923c96378b876666), // 37959.41915731598 ms
    ("etl lc free", 0x40d77e1f05eb1502, 0, 0, 0xfc6d38a34ae40067), // 24056.484736223712 ms
    ("dag lc free", 0x407066f06a9d49d5, 0, 0, 0xba534729bba6ab9c), // 262.4336954254225 ms
    ("etl lc fcfs-inbound", 0x40d78fc316ba5007, 2209, 1535968, 0xa7f4ed8d1ec6a760), // 24127.048262193824 ms
    ("dag lc fcfs-inbound", 0x40d3107abeb5223f, 451, 113165169, 0x6a0a618d1e4c1298), // 19521.917889865344 ms
    ("etl lc simple", 0x40d782a62928e794, 2209, 1535968, 0x9eac22f9923f96be), // 24074.596262193823 ms
    ("dag lc simple", 0x40b5919da8a8a19a, 451, 113165169, 0x4b32ca829d393b2d), // 5521.615854777769 ms
    ("etl lc maxmin", 0x40d781a97d20b66e, 2209, 1535968, 0xabb177ca3693bb85), // 24070.648262193827 ms
    ("dag lc maxmin", 0x40d90485753deae4, 451, 113165169, 0xe3b6c7a86f0f6edc), // 25618.085280875574 ms
    ("dag camp free", 0x4071883e7fff190d, 0, 0, 0x0cac9918e332d76b), // 280.51525878570175 ms
    ("dag camp fcfs-inbound", 0x409aad0d860b6edd, 0, 0, 0xbb066f8466b196a0), // 1707.2632066522995 ms
    ("dag camp simple", 0x409aad0d860b6edd, 0, 0, 0xbb066f8466b196a0), // 1707.2632066522995 ms
    ("dag camp maxmin", 0x409aad0d860b6edd, 0, 0, 0xbb066f8466b196a0), // 1707.2632066522995 ms
    ("etl dask-like maxmin noisy", 0x40d78711a5aa7a76, 3091, 2232432, 0x0e75f005abb867ef), // 24092.27573644599 ms
    ("etl dask-like maxmin prefix-mean", 0x40d78ddf40523d80, 2516, 1743496, 0xb34be374ba47b988), // 24119.4883008576 ms
    ("etl dask-like maxmin interval", 0x40c79113ddf2e0c8, 3087, 2251360, 0xd96da15ca27f565c), // 12066.155210838086 ms
    ("etl b-level maxmin noisy", 0x40d7af0545d22b8d, 3554, 2609608, 0x689c6d9a3d16b4a5), // 24252.082386534243 ms
    ("etl b-level maxmin prefix-mean", 0x40d7bc653e5a5514, 3616, 2660376, 0xcaaa3409e13fce5b), // 24305.581930716595 ms
    ("etl b-level maxmin interval", 0x40c8008075404934, 3560, 2618656, 0x597f8fcc23a29eec), // 12289.003578220123 ms
    ("etl etf maxmin noisy", 0x40d7a82b206a5b25, 3059, 2199440, 0x888ae3312aa72df1), // 24224.673853482254 ms
    ("etl etf maxmin prefix-mean", 0x40d7cffdfdbe4ad1, 2486, 1699648, 0xcedce9337c1ffa53), // 24383.96861226374 ms
    ("etl etf maxmin interval", 0x40c78fcd6599b664, 2891, 2075032, 0x3ad1a20032e4bba2), // 12063.604663099344 ms
];

/// Recorded like [`SMALL`], in a release build.
#[rustfmt::skip]
const LARGE: &[(&str, u64, u64, u64, u64)] = &[
    ("etl-100k dask-like maxmin", 0x410e6ccabe5d8d5e, 133316, 96092640, 0x85e949bc6044f17f), // 249241.3429518742 ms
    ("etl-100k dask-like fcfs-inbound", 0x410eb9841f857b65, 133317, 96094152, 0xcaf9de6bbc8fedb9), // 251696.51539131548 ms
    ("etl-100k b-level maxmin", 0x410eab4cf1284a74, 160415, 118588056, 0x44094efa0a0c9c45), // 251241.6177526299 ms
    ("etl-100k b-level fcfs-inbound", 0x410ef9cf4163d911, 160516, 118703792, 0xaf07048a81fc053c), // 253753.90692872604 ms
    ("etl-100k b-level-gt maxmin", 0x410eab4bca3ed19f, 160409, 118587912, 0x0b5075e525ef3c77), // 251241.4737526299 ms
    ("etl-100k b-level-gt fcfs-inbound", 0x410ef9c653d2709f, 160507, 118703576, 0xcc63a2842da5dd4e), // 253752.79092872606 ms
    ("etl-100k etf maxmin", 0x410e6cc88691c76c, 134875, 97182752, 0x684db3416bce2c77), // 249241.06570773886 ms
    ("etl-100k etf fcfs-inbound", 0x410eb99a202b6105, 134875, 97182752, 0x9037ec391af0a577), // 251699.26570773884 ms
    ("etl-100k work-stealing maxmin", 0x410e77565369a05b, 141966, 85331288, 0xe03dad51260f92bc), // 249578.7907288101 ms
    ("etl-100k work-stealing fcfs-inbound", 0x410ec59fa523d820, 142082, 85458192, 0xc751da072a654193), // 252083.9556347737 ms
    ("etl-100k random maxmin", 0x4110cffcc0aeef70, 160449, 118584736, 0x44dcaad288eb4513), // 275455.1881673252 ms
    ("etl-100k random fcfs-inbound", 0x4110d7bb1cc99a60, 160513, 118665016, 0xeea31ef22bb3019d), // 275950.7781128045 ms
    ("etl-1m dask-like maxmin", 0x414303704383143d, 1332595, 958598160, 0xdc396269bdb5da11), // 2492128.5274377153 ms
    ("etl-1m b-level maxmin", 0x41432a96bb38a00c, 1605954, 1186550048, 0x938f88c346f1976c), // 2512173.4626655634 ms
    ("etl-1m etf maxmin", 0x4143036da9efc20c, 1349303, 971786144, 0xc3dc65d5aa3f5199), // 2492123.3276293334 ms
];
