//! Genetic: a seeded genetic algorithm searches for a static schedule — a
//! worker for every task and a task order (the priority every worker runs
//! its queue by) — scoring each candidate by simulating it on the same
//! cluster and network. Source: Omara & Arafa, "Genetic algorithms for task
//! scheduling problem" (2010), with ESTEE's parameters: 50 individuals, 50
//! generations, tournaments of 3, crossover probability 0.8 (half the time a
//! two-point crossover of the worker maps, else an order crossover of the
//! task lists), mutation probability 0.05 (each gene re-drawn or swapped
//! with probability 0.1), the 5 best ever kept. The first population has
//! random worker maps and the task list by ALAP; the best individual found
//! is the schedule. Deterministic for a seed (its own splitmix64 stream).
//!
//! Cost: 2,500 simulations of the graph, so it takes graphs of at most
//! [`MAX_GENETIC_TASKS`] tasks.

use super::super::engine;
use super::super::tasks::Tasks;
use super::super::SimOptions;
use super::levels::bottom_levels_us;
use super::{Policy, Preparing, View};
use crate::graph::{Graph, TaskId};
use crate::prng::{Purpose, SplitMix64};

/// Largest graph the genetic policy takes.
pub const MAX_GENETIC_TASKS: usize = 2_000;
const POPULATION: usize = 50;
const GENERATIONS: usize = 50;
const CROSSOVER: f64 = 0.8;
const MUTATION: f64 = 0.05;
const GENE_MUTATION: f64 = 0.1;
const TOURNAMENT: usize = 3;

/// A static schedule: the worker of each task and the tasks in priority order.
#[derive(Clone, Debug, PartialEq)]
struct Individual {
    worker_of: Vec<u32>,
    order: Vec<u32>,
    makespan_us: f64,
}

/// A fixed schedule as a policy: each task to its worker, earlier in the
/// list first.
pub(super) struct Fixed {
    worker_of: Vec<u32>,
    rank: Vec<f64>,
}

impl Fixed {
    fn of(individual: &Individual) -> Self {
        let mut rank = vec![0.0; individual.order.len()];
        for (i, &task) in individual.order.iter().enumerate() {
            rank[task as usize] = -(i as f64);
        }
        Fixed {
            worker_of: individual.worker_of.clone(),
            rank,
        }
    }
}

impl Policy for Fixed {
    fn priority(&self, _view: &View, task: TaskId, _ready_seq: u32) -> f64 {
        self.rank[task.index()]
    }

    fn place(&mut self, _view: &mut View, task: TaskId) -> Option<u32> {
        Some(self.worker_of[task.index()])
    }
}

/// Share of a simulation's progress the search stands for (the simulation
/// of the schedule found is one of 2,500).
const SEARCH_SHARE: f64 = 0.99;

/// The search in progress: the population of the generation being scored
/// and the best schedule so far. [`Preparing::step`] scores a few candidates
/// at a time, so a caller can stop between two of them.
pub(super) struct Search {
    rng: SplitMix64,
    workers: u32,
    /// The generation being scored (0: the first population), each
    /// candidate with whether it needs a score.
    candidates: Vec<(Individual, bool)>,
    /// Candidates scored so far in this generation.
    scored: usize,
    generation: usize,
    population: Vec<Individual>,
    best: Option<Individual>,
}

impl Search {
    /// The search for `graph` (whose initial state is `tasks`) under `options`.
    pub(super) fn new(graph: &Graph, tasks: &Tasks, options: &SimOptions) -> Search {
        let mut rng = SplitMix64::stream(options.seed, Purpose::Placement, 1);
        let n = graph.len();
        let workers = options.workers;
        let level = bottom_levels_us(graph, tasks, options.bandwidth_mb_s);
        let mut by_alap: Vec<u32> = (0..n as u32).collect();
        by_alap.sort_by(|a, b| level[*b as usize].total_cmp(&level[*a as usize]));
        let candidates = (0..POPULATION)
            .map(|_| {
                let worker_of = (0..n).map(|_| rng.below(workers)).collect();
                let order = by_alap.clone();
                let individual = Individual {
                    worker_of,
                    order,
                    makespan_us: 0.0,
                };
                (individual, true)
            })
            .collect();
        Search {
            rng,
            workers,
            candidates,
            scored: 0,
            generation: 0,
            population: Vec::new(),
            best: None,
        }
    }

    /// The scored generation becomes the population (its fittest the best
    /// so far if better), and the next one is bred from it.
    fn next_generation(&mut self) {
        self.population = self.candidates.drain(..).map(|(i, _)| i).collect();
        self.scored = 0;
        self.generation += 1;
        let champion = fittest(&self.population);
        if self
            .best
            .as_ref()
            .is_none_or(|b| champion.makespan_us < b.makespan_us)
        {
            self.best = Some(champion.clone());
        }
        if self.generation > GENERATIONS {
            return;
        }
        let rng = &mut self.rng;
        let mut next: Vec<Individual> = (0..POPULATION)
            .map(|_| tournament(&self.population, rng).clone())
            .collect();
        let mut changed = vec![false; POPULATION];
        for pair in 0..POPULATION / 2 {
            if rng.uniform() < CROSSOVER {
                let (a, b) = next.split_at_mut(2 * pair + 1);
                crossover(&mut a[2 * pair], &mut b[0], rng);
                changed[2 * pair] = true;
                changed[2 * pair + 1] = true;
            }
        }
        for (individual, changed) in next.iter_mut().zip(&mut changed) {
            if rng.uniform() < MUTATION {
                mutate(individual, self.workers, rng);
                *changed = true;
            }
        }
        self.candidates = next.into_iter().zip(changed).collect();
    }
}

impl Preparing for Search {
    /// Scores candidates (each a simulation of `graph`, costing its task
    /// count) until `left` is spent, at least one; true once the search is over.
    fn step(&mut self, graph: &Graph, _: &Tasks, options: &SimOptions, left: &mut usize) -> bool {
        let mut first = true;
        while self.generation <= GENERATIONS {
            if self.scored == self.candidates.len() {
                self.next_generation();
                continue;
            }
            if *left == 0 && !first {
                return false;
            }
            first = false;
            *left = left.saturating_sub(graph.len().max(1));
            let (individual, needs_score) = &mut self.candidates[self.scored];
            if *needs_score {
                let fixed = Box::new(Fixed::of(individual));
                individual.makespan_us = engine::makespan_us(graph, options, fixed);
            }
            self.scored += 1;
        }
        true
    }

    /// How far the search is, 0 to 1.
    fn progress(&self) -> f64 {
        let generation = self.generation as f64 + self.scored as f64 / POPULATION as f64;
        (generation / (GENERATIONS + 1) as f64).min(1.0)
    }

    /// The best schedule found (once [`Preparing::step`] said the search is over).
    fn into_policy(self: Box<Self>) -> Box<dyn Policy> {
        Box::new(match &self.best {
            Some(best) => Fixed::of(best),
            // Not over yet: the candidates of the first generation are there.
            None => Fixed::of(&self.candidates[0].0),
        })
    }

    fn share(&self) -> f64 {
        SEARCH_SHARE
    }
}

/// The individual of least makespan (first on ties).
fn fittest(population: &[Individual]) -> &Individual {
    population
        .iter()
        .reduce(|a, b| if b.makespan_us < a.makespan_us { b } else { a })
        .expect("a non-empty population")
}

/// The fittest of [`TOURNAMENT`] individuals drawn at random.
fn tournament<'p>(population: &'p [Individual], rng: &mut SplitMix64) -> &'p Individual {
    let mut pick = || &population[rng.below(population.len() as u32) as usize];
    let mut best = pick();
    for _ in 1..TOURNAMENT {
        let other = pick();
        if other.makespan_us < best.makespan_us {
            best = other;
        }
    }
    best
}

/// Half the time a two-point crossover of the worker maps, else an order
/// crossover of the task lists (each child keeps its parent's prefix up to
/// a random point, then the other parent's remaining tasks in its order).
fn crossover(a: &mut Individual, b: &mut Individual, rng: &mut SplitMix64) {
    let n = a.order.len() as u32;
    if rng.uniform() < 0.5 {
        let (mut lo, mut hi) = (rng.below(n + 1) as usize, rng.below(n + 1) as usize);
        if lo > hi {
            std::mem::swap(&mut lo, &mut hi);
        }
        a.worker_of[lo..hi].swap_with_slice(&mut b.worker_of[lo..hi]);
    } else {
        let point = rng.below(n) as usize;
        let (first, second) = (
            order_crossover(&a.order, &b.order, point),
            order_crossover(&b.order, &a.order, point),
        );
        a.order = first;
        b.order = second;
    }
}

/// `head`'s first `point` tasks, then `tail`'s other tasks in its order.
fn order_crossover(head: &[u32], tail: &[u32], point: usize) -> Vec<u32> {
    let mut taken = vec![false; head.len()];
    let mut child = Vec::with_capacity(head.len());
    for &task in &head[..point] {
        taken[task as usize] = true;
        child.push(task);
    }
    child.extend(tail.iter().filter(|t| !taken[**t as usize]));
    child
}

/// Swaps each task of the list with a random other one, and re-draws each
/// task's worker, with probability [`GENE_MUTATION`] each.
fn mutate(individual: &mut Individual, workers: u32, rng: &mut SplitMix64) {
    let n = individual.order.len() as u32;
    for i in 0..n as usize {
        if rng.uniform() < GENE_MUTATION {
            let j = rng.below(n) as usize;
            individual.order.swap(i, j);
        }
    }
    for worker in &mut individual.worker_of {
        if rng.uniform() < GENE_MUTATION {
            *worker = rng.below(workers);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_crossover_keeps_every_task_once() {
        assert_eq!(
            order_crossover(&[3, 1, 0, 2], &[0, 1, 2, 3], 2),
            [3, 1, 0, 2]
        );
        assert_eq!(
            order_crossover(&[0, 1, 2, 3], &[3, 2, 1, 0], 1),
            [0, 3, 2, 1]
        );
    }
}
