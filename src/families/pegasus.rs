//! ESTEE's pegasus-like workflows, synthetic versions of the Pegasus
//! workflow gallery's montage (astronomy mosaics), cybershake (earthquake
//! hazard), epigenomics (genome sequencing), ligo (gravitational-wave
//! search) and sipht (sRNA search), with ESTEE's durations (seconds) and
//! output sizes (MiB): `N(m, s)` a normal draw. Edges are counted per pair
//! of tasks, as in `irw`.

use super::draw::Draw;
use super::workflow::{all, indices, output, Workflow};
use super::{Family, MAX_SIZE};
use crate::graph::{Graph, Input, TaskId};

/// Most ligo subgraphs and sipht copies (a few dozen tasks each).
const MAX_COPIES: u32 = 10_000;
/// Widths of ligo's subgraphs in turn (ESTEE's benchmark uses the first three).
const LIGO_WIDTHS: [u32; 3] = [20, 10, 15];

/// The pegasus families.
pub(super) const FAMILIES: &[Family] = &[
    super::elementary::family("montage", "width", MAX_SIZE, montage),
    super::elementary::family("cybershake", "width", MAX_SIZE, cybershake),
    super::elementary::family("epigenomics", "width", MAX_SIZE, epigenomics),
    super::elementary::family("ligo", "subgraphs", MAX_COPIES, ligo),
    super::elementary::family("sipht", "copies", MAX_COPIES, sipht),
];

/// montage of width n, g = ⌊n/4⌋: g projections (N(15, 3) s, two outputs
/// of N(4, 1) MiB); n fits (N(10, 1) s, two of N(0.2, 0.1)), projection i
/// feeding fits 4i − 2 … 4i + 1 (those that exist) one of its outputs, at
/// random; a concatenation (N(13, 2) s, 0.01 MiB) of every fit output; a
/// background model (N(11, 1) s, 0.01); g background corrections (N(10, 1)
/// s, two of N(4, 1)) each reading the model and one output of projection
/// i; an image table (8 s, no output) of every correction output.
fn montage(n: u32, d: &mut Draw) -> Graph {
    let g = n / 4;
    let mut w = Workflow::with_capacity((2 * g + n + 3) as usize, (3 * g + 2 * n + 1) as usize);
    let pair = indices(2);
    let one_of = |d: &mut Draw| {
        let i = d.below(2) as usize;
        i..=i
    };
    let projections: Vec<TaskId> = (0..g)
        .map(|_| {
            let mib = [d.normal(4.0, 1.0), d.normal(4.0, 1.0)];
            w.add("mProjectPP", &[], d.normal(15.0, 3.0), &mib, 1)
        })
        .collect();
    // The projection feeding each fit, if any.
    let mut fed_by = vec![None; n as usize];
    for (i, p) in projections.iter().enumerate() {
        let (start, end) = ((4 * i).saturating_sub(2), (4 * i + 2).min(n as usize));
        fed_by[start..end].iter_mut().for_each(|f| *f = Some(*p));
    }
    let fits: Vec<Input> = fed_by
        .iter()
        .map(|p| {
            let inputs: Vec<Input> = p.iter().map(|p| output(*p, &pair[one_of(d)])).collect();
            let mib = [d.normal(0.2, 0.1), d.normal(0.2, 0.1)];
            all(w.add("mDiffFit", &inputs, d.normal(10.0, 1.0), &mib, 1))
        })
        .collect();
    let concat = w.add("mConcatFit", &fits, d.normal(13.0, 2.0), &[0.01], 1);
    let model = w.add("mBgModel", &[all(concat)], d.normal(11.0, 1.0), &[0.01], 1);
    let backgrounds: Vec<Input> = projections
        .iter()
        .map(|p| {
            let inputs = [all(model), output(*p, &pair[one_of(d)])];
            let mib = [d.normal(4.0, 1.0), d.normal(4.0, 1.0)];
            all(w.add("mBackground", &inputs, d.normal(10.0, 1.0), &mib, 1))
        })
        .collect();
    w.add("mImgTbl", &backgrounds, 8.0, &[], 1);
    w.finish()
}

/// cybershake of width n: two extractions (N(100, 50) s, two outputs of
/// N(220, 80) MiB); n syntheses (N(45, 10) s, N(0.02, 0.01) MiB), the
/// first half reading both outputs of the first extraction, the rest of
/// the second; a zip of them (N(0.5, 0.2) s, N(0.2, 0.1)); n peak
/// calculations (N(1, 0.5) s, 0.01), one per synthesis; a zip of those
/// (N(0.5, 0.2) s, 0.1). 2n + 4 tasks, 4n edges.
fn cybershake(n: u32, d: &mut Draw) -> Graph {
    let width = n as usize;
    let mut w = Workflow::with_capacity(2 * width + 4, 4 * width);
    let extractions: Vec<TaskId> = (0..2)
        .map(|_| {
            let mib = [d.normal(220.0, 80.0), d.normal(220.0, 80.0)];
            w.add("ExtractGST", &[], d.normal(100.0, 50.0), &mib, 1)
        })
        .collect();
    let syntheses: Vec<Input> = (0..width)
        .map(|i| {
            let from = extractions[2 * i / width];
            let mib = [d.normal(0.02, 0.01)];
            all(w.add(
                "SeismogramSynthesis",
                &[all(from)],
                d.normal(45.0, 10.0),
                &mib,
                1,
            ))
        })
        .collect();
    let mib = [d.normal(0.2, 0.1)];
    w.add("ZipSeis", &syntheses, d.normal(0.5, 0.2), &mib, 1);
    let peaks: Vec<Input> = syntheses
        .iter()
        .map(|s| all(w.add("PeakValCalcOkaya", &[*s], d.normal(1.0, 0.5), &[0.01], 1)))
        .collect();
    w.add("ZipPSA", &peaks, d.normal(0.5, 0.2), &[0.1], 1);
    w.finish()
}

/// epigenomics of width n: a split (N(35, 5) s) into n outputs of N(10, 5)
/// MiB; n lanes of filter (N(1.5, 1) s, two outputs of N(5, 2), reading
/// its split output), sol2sanger (N(0.3, 0.2) s, N(5, 2), reading the
/// filter's first output), fastq2bfq (N(1, 0.2) s, N(1, 0.5)) and map
/// (N(15000, 2500) s, N(1, 0.5)); a merge of the maps (N(10, 2) s, outputs
/// N(20, 2), 0.5 and 0.1), an index of its first output (0.02 s, 0.4) and a
/// pileup (N(6000, 200) s, 3). 4n + 4 tasks, 5n + 2 edges.
fn epigenomics(n: u32, d: &mut Draw) -> Graph {
    let width = n as usize;
    let mut w = Workflow::with_capacity(4 * width + 4, 5 * width + 2);
    let index = indices(n);
    let mib: Vec<f64> = (0..width).map(|_| d.normal(10.0, 5.0)).collect();
    let split = w.add("fastqSplit", &[], d.normal(35.0, 5.0), &mib, 1);
    let maps: Vec<Input> = (0..width)
        .map(|i| {
            let mib = [d.normal(5.0, 2.0), d.normal(5.0, 2.0)];
            let reads = [output(split, &index[i..=i])];
            let filter = w.add("filter_Contams", &reads, d.normal(1.5, 1.0), &mib, 1);
            let mib = [d.normal(5.0, 2.0)];
            let first = [output(filter, &index[..1])];
            let sol2 = w.add("sol2sanger", &first, d.normal(0.3, 0.2), &mib, 1);
            let mib = [d.normal(1.0, 0.5)];
            let fastq = w.add("fastq2bfq", &[all(sol2)], d.normal(1.0, 0.2), &mib, 1);
            let mib = [d.normal(1.0, 0.5)];
            all(w.add("map_chr", &[all(fastq)], d.normal(15000.0, 2500.0), &mib, 1))
        })
        .collect();
    let mib = [d.normal(20.0, 2.0), 0.5, 0.1];
    let merge = w.add("mapMerge", &maps, d.normal(10.0, 2.0), &mib, 1);
    let maq = w.add("maqindex", &[output(merge, &index[..1])], 0.02, &[0.4], 1);
    w.add("pileup", &[all(maq)], d.normal(6000.0, 200.0), &[3.0], 1);
    w.finish()
}

/// ligo of n subgraphs, of widths 20, 10, 15, 20, … in turn; a subgraph of
/// width k is two rounds of k template banks (N(19, 0.1) s, N(0.9, 0.1)
/// MiB; in the second round each reads the first round's thinca), k
/// inspirals (N(400, 100) s, N(0.4, 0.1)), one per bank, and a thinca
/// (N(5, 1) s, 0.02) of the inspirals. 4k + 2 tasks and 5k edges each.
fn ligo(n: u32, d: &mut Draw) -> Graph {
    let widths = || (0..n as usize).map(|i| LIGO_WIDTHS[i % LIGO_WIDTHS.len()] as usize);
    let tasks: usize = widths().map(|k| 4 * k + 2).sum();
    let mut w = Workflow::with_capacity(tasks, widths().map(|k| 5 * k).sum());
    for k in widths() {
        let mut parent: Option<TaskId> = None;
        for _ in 0..2 {
            let inspirals: Vec<Input> = (0..k)
                .map(|_| {
                    let banks: Vec<Input> = parent.iter().map(|p| all(*p)).collect();
                    let mib = [d.normal(0.9, 0.1)];
                    let bank = w.add("TmpltBank", &banks, d.normal(19.0, 0.1), &mib, 1);
                    let mib = [d.normal(0.4, 0.1)];
                    all(w.add("Inspiral", &[all(bank)], d.normal(400.0, 100.0), &mib, 1))
                })
                .collect();
            parent = Some(w.add("Thinca", &inspirals, d.normal(5.0, 1.0), &[0.02], 1));
        }
    }
    w.finish()
}

/// sipht of n copies, each: 20 parsers (N(1, 0.2) s, N(0.1, 0.02) MiB) and
/// their concatenation (0.05 s, N(1.5, 0.1)); four searches — Findterm
/// (N(1800, 100) s, eight outputs 0, 0, N(20, 1), N(0.2, 0.1), 0, N(4, 1),
/// N(4, 1), N(6, 1)), RNAMotif (N(38, 2) s; 0, 1), Transterm (N(50, 2) s;
/// 0, 0.5), Blast (N(1900, 100) s; 0, 0, 4.5) — whose every output SRNA
/// (N(450, 50) s, ten outputs of N(0.5, 0.2)) reads; five tasks on SRNA's
/// last output — BlastQRNA (N(1200, 100) s, eight of N(0.5, 1)),
/// Blast_paralogues (N(5, 1) s, 0.9), FFN_Parse (N(1, 1) s, 0.9),
/// Blast_synteny (N(30, 5) s, 1; also reading FFN_Parse), Blast_candidate
/// (N(6, 1) s; 0, 0, 0); and SRNA_annotate (N(1, 2) s, eight of N(0.5,
/// 0.2)) reading SRNA's last output, the first output of each of the five
/// and the concatenation. 32 tasks and 37 edges per copy.
fn sipht(n: u32, d: &mut Draw) -> Graph {
    let copies = n as usize;
    let mut w = Workflow::with_capacity(32 * copies, 37 * copies);
    let index = indices(10);
    for _ in 0..copies {
        let parsers: Vec<Input> = (0..20)
            .map(|_| {
                let mib = [d.normal(0.1, 0.02)];
                all(w.add("Parser", &[], d.normal(1.0, 0.2), &mib, 1))
            })
            .collect();
        let mib = [d.normal(1.5, 0.1)];
        let concat = w.add("Parser_concat", &parsers, 0.05, &mib, 1);
        let mib = [
            0.0,
            0.0,
            d.normal(20.0, 1.0),
            d.normal(0.2, 0.1),
            0.0,
            d.normal(4.0, 1.0),
            d.normal(4.0, 1.0),
            d.normal(6.0, 1.0),
        ];
        let findterm = w.add("Findterm", &[], d.normal(1800.0, 100.0), &mib, 1);
        let motif = w.add("RNAMotif", &[], d.normal(38.0, 2.0), &[0.0, 1.0], 1);
        let transterm = w.add("Transterm", &[], d.normal(50.0, 2.0), &[0.0, 0.5], 1);
        let blast = w.add("Blast", &[], d.normal(1900.0, 100.0), &[0.0, 0.0, 4.5], 1);
        let searches = [all(findterm), all(motif), all(transterm), all(blast)];
        let mib: Vec<f64> = (0..10).map(|_| d.normal(0.5, 0.2)).collect();
        let srna = w.add("SRNA", &searches, d.normal(450.0, 50.0), &mib, 1);
        let last = output(srna, &index[9..]);
        let mib: Vec<f64> = (0..8).map(|_| d.normal(0.5, 1.0)).collect();
        let qrna = w.add("BlastQRNA", &[last], d.normal(1200.0, 100.0), &mib, 1);
        let paralogues = w.add("Blast_paralogues", &[last], d.normal(5.0, 1.0), &[0.9], 1);
        let ffn = w.add("FFN_Parse", &[last], d.normal(1.0, 1.0), &[0.9], 1);
        let synteny_in = [all(ffn), last];
        let synteny = w.add("Blast_synteny", &synteny_in, d.normal(30.0, 5.0), &[1.0], 1);
        let candidate = w.add("Blast_candidate", &[last], d.normal(6.0, 1.0), &[0.0; 3], 1);
        let mut inputs = vec![last];
        inputs.extend(
            [qrna, paralogues, ffn, synteny, candidate]
                .iter()
                .map(|t| output(*t, &index[..1])),
        );
        inputs.push(all(concat));
        let mib: Vec<f64> = (0..8).map(|_| d.normal(0.5, 0.2)).collect();
        w.add("SRNA_annotate", &inputs, d.normal(1.0, 2.0), &mib, 1);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::super::generate;

    fn shape(name: &str, size: u32) -> (usize, usize) {
        let g = generate(name, size, 5).unwrap();
        (g.len(), g.edge_count())
    }

    #[test]
    fn workflows_have_their_published_shapes() {
        // montage 50: 12 projections feed fits 0..46; 12 backgrounds.
        assert_eq!(shape("montage", 50), (77, 46 + 50 + 1 + 24 + 12));
        assert_eq!(shape("montage", 3), (6, 3 + 1));
        assert_eq!(shape("cybershake", 50), (104, 200));
        assert_eq!(shape("cybershake", 7), (18, 28));
        assert_eq!(shape("epigenomics", 50), (204, 252));
        // ESTEE's benchmark ligo: widths 20, 10, 15.
        assert_eq!(shape("ligo", 3), (82 + 42 + 62, 5 * 45));
        assert_eq!(shape("sipht", 2), (64, 74));
    }

    #[test]
    fn outputs_are_read_as_defined() {
        let g = generate("epigenomics", 4, 1).unwrap();
        let split = crate::graph::TaskId(0);
        assert_eq!(g.output_sizes(split).len(), 4);
        let pileup = g.ids().last().unwrap();
        let maq = g.deps(pileup)[0];
        let merge = g.deps(maq)[0];
        assert_eq!(g.output_sizes(merge).len(), 3);
        assert_eq!(g.read_bytes(maq, 0), g.output_sizes(merge)[0]);
        let g = generate("sipht", 1, 1).unwrap();
        let annotate = g.ids().last().unwrap();
        assert_eq!(g.deps(annotate).len(), 7);
        assert_eq!(g.output_sizes(annotate).len(), 8);
    }
}
