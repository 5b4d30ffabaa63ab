//! k-means on the rows of a small dense matrix: k-means++ seeding, Lloyd
//! iterations, several restarts keeping the lowest inertia.
//!
//! Points x_1..x_n in R^d (the rows of an n x d matrix); the result minimises,
//! locally, the inertia sum_i ||x_i - c_(label i)||^2 over k centroids c.
//! Seeding (Arthur & Vassilvitskii 2007): the first centroid is a uniformly
//! drawn point, each further one a point drawn with probability proportional to
//! its squared distance to the nearest centroid so far. A cluster that loses
//! all its points is re-seeded with the point farthest from its own centroid.
//!
//! ```
//! use nncut::cluster::kmeans;
//! use rand::SeedableRng;
//!
//! let points = faer::mat![[0.0, 0.0], [0.1, 0.0], [5.0, 5.0], [5.0, 5.1]];
//! let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0);
//! let result = kmeans(points.as_ref(), 2, 3, &mut rng);
//! assert_eq!(result.labels[0], result.labels[1]);
//! assert_ne!(result.labels[0], result.labels[2]);
//! ```

use faer::MatRef;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Lloyd iterations per run stop here even if labels still change.
pub const MAX_ITERATIONS: usize = 300;

/// The best of several k-means runs.
#[derive(Clone, Debug)]
pub struct KMeans {
    /// One label in 0..k per point.
    pub labels: Vec<usize>,
    /// k x d, row-major.
    pub centroids: Vec<f64>,
    pub inertia: f64,
    /// Clusters still empty after re-seeding (only possible with fewer than k
    /// distinct points).
    pub empty_clusters: usize,
}

/// Runs k-means `restarts` times from k-means++ seeds drawn from `rng` and keeps
/// the run with the lowest inertia (the first one on ties).
///
/// Panics if k is 0, greater than the number of points, or `restarts` is 0;
/// callers validate those first.
pub fn kmeans(points: MatRef<'_, f64>, k: usize, restarts: usize, rng: &mut ChaCha8Rng) -> KMeans {
    assert!(k >= 1 && k <= points.nrows() && restarts >= 1, "k-means parameters unchecked");
    let data = Points::from_matrix(points);

    let mut best: Option<KMeans> = None;
    for _ in 0..restarts {
        let run = lloyd(&data, seed_plus_plus(&data, k, rng));
        if best.as_ref().is_none_or(|b| run.inertia < b.inertia) {
            best = Some(run);
        }
    }
    best.expect("at least one restart ran")
}

/// Row-major copy of the points, for cache-friendly distance loops.
struct Points {
    values: Vec<f64>,
    count: usize,
    dimension: usize,
}

impl Points {
    fn from_matrix(matrix: MatRef<'_, f64>) -> Self {
        let (count, dimension) = matrix.shape();
        let mut values = Vec::with_capacity(count * dimension);
        for i in 0..count {
            values.extend((0..dimension).map(|j| matrix[(i, j)]));
        }
        Self { values, count, dimension }
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.values[i * self.dimension..(i + 1) * self.dimension]
    }
}

fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The index and squared distance of the centroid nearest to `point`
/// (the lowest index on ties).
fn nearest(point: &[f64], centroids: &[f64], dimension: usize) -> (usize, f64) {
    let mut best = (0, f64::INFINITY);
    for (c, centroid) in centroids.chunks_exact(dimension).enumerate() {
        let distance = squared_distance(point, centroid);
        if distance < best.1 {
            best = (c, distance);
        }
    }
    best
}

fn seed_plus_plus(data: &Points, k: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
    let mut centroids = Vec::with_capacity(k * data.dimension);
    centroids.extend_from_slice(data.row(rng.random_range(0..data.count)));
    let mut distances: Vec<f64> =
        (0..data.count).map(|i| squared_distance(data.row(i), &centroids)).collect();

    while centroids.len() < k * data.dimension {
        let total: f64 = distances.iter().sum();
        let chosen = if total > 0.0 {
            let mut target = rng.random::<f64>() * total;
            let mut chosen = data.count - 1;
            for (i, &distance) in distances.iter().enumerate() {
                if distance > 0.0 && target < distance {
                    chosen = i;
                    break;
                }
                target -= distance;
            }
            chosen
        } else {
            // Every point already coincides with a centroid.
            rng.random_range(0..data.count)
        };

        let start = centroids.len();
        centroids.extend_from_slice(data.row(chosen));
        for (i, distance) in distances.iter_mut().enumerate() {
            *distance = distance.min(squared_distance(data.row(i), &centroids[start..]));
        }
    }
    centroids
}

fn lloyd(data: &Points, mut centroids: Vec<f64>) -> KMeans {
    let d = data.dimension;
    let k = centroids.len() / d;
    let mut labels = vec![usize::MAX; data.count];
    let mut distances = vec![0.0; data.count];

    for _ in 0..MAX_ITERATIONS {
        let mut changed = false;
        for i in 0..data.count {
            let (label, distance) = nearest(data.row(i), &centroids, d);
            changed |= labels[i] != label;
            labels[i] = label;
            distances[i] = distance;
        }
        changed |= reseed_empty_clusters(data, &mut labels, &mut distances, &mut centroids) > 0;

        update_centroids(data, &labels, &mut centroids, k);
        if !changed {
            break;
        }
    }

    let inertia = (0..data.count)
        .map(|i| squared_distance(data.row(i), &centroids[labels[i] * d..(labels[i] + 1) * d]))
        .sum();
    KMeans { empty_clusters: count_empty(&labels, k), labels, centroids, inertia }
}

fn count_empty(labels: &[usize], k: usize) -> usize {
    let mut sizes = vec![0usize; k];
    labels.iter().for_each(|&l| sizes[l] += 1);
    sizes.iter().filter(|&&s| s == 0).count()
}

/// Gives every empty cluster the point farthest from its centroid among those
/// whose cluster has more than one point; returns how many were re-seeded.
fn reseed_empty_clusters(
    data: &Points,
    labels: &mut [usize],
    distances: &mut [f64],
    centroids: &mut [f64],
) -> usize {
    let d = data.dimension;
    let k = centroids.len() / d;
    let mut sizes = vec![0usize; k];
    labels.iter().for_each(|&l| sizes[l] += 1);

    let mut reseeded = 0;
    for cluster in 0..k {
        if sizes[cluster] > 0 {
            continue;
        }
        let donor = (0..data.count)
            .filter(|&i| sizes[labels[i]] > 1)
            .max_by(|&a, &b| distances[a].total_cmp(&distances[b]).then(b.cmp(&a)));
        let Some(point) = donor else { break };

        sizes[labels[point]] -= 1;
        sizes[cluster] = 1;
        labels[point] = cluster;
        distances[point] = 0.0;
        centroids[cluster * d..(cluster + 1) * d].copy_from_slice(data.row(point));
        reseeded += 1;
    }
    reseeded
}

fn update_centroids(data: &Points, labels: &[usize], centroids: &mut [f64], k: usize) {
    let d = data.dimension;
    let mut sums = vec![0.0; k * d];
    let mut sizes = vec![0usize; k];
    for (i, &label) in labels.iter().enumerate() {
        sizes[label] += 1;
        sums[label * d..(label + 1) * d].iter_mut().zip(data.row(i)).for_each(|(s, x)| *s += x);
    }
    for cluster in 0..k {
        if sizes[cluster] == 0 {
            continue;
        }
        let mean = sums[cluster * d..(cluster + 1) * d].iter().map(|s| s / sizes[cluster] as f64);
        centroids[cluster * d..(cluster + 1) * d].iter_mut().zip(mean).for_each(|(c, m)| *c = m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// The exact optimum by trying every labelling (k^n of them).
    fn brute_force_inertia(points: &Points, k: usize) -> f64 {
        let n = points.count;
        let mut best = f64::INFINITY;
        for code in 0..k.pow(n as u32) {
            let labels: Vec<usize> = (0..n).map(|i| code / k.pow(i as u32) % k).collect();
            if count_empty(&labels, k) > 0 {
                continue;
            }
            let mut centroids = vec![0.0; k * points.dimension];
            update_centroids(points, &labels, &mut centroids, k);
            let d = points.dimension;
            let inertia: f64 = (0..n)
                .map(|i| squared_distance(points.row(i), &centroids[labels[i] * d..][..d]))
                .sum();
            best = best.min(inertia);
        }
        best
    }

    #[test]
    fn restarts_find_the_brute_force_optimum_on_small_point_sets() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..20 {
            let matrix = faer::Mat::from_fn(8, 2, |_, _| rng.random::<f64>());
            let points = Points::from_matrix(matrix.as_ref());

            let result = kmeans(matrix.as_ref(), 3, 200, &mut rng);

            let optimum = brute_force_inertia(&points, 3);
            assert!(
                (result.inertia - optimum).abs() <= 1e-12 * optimum.max(1.0),
                "{} {}",
                result.inertia,
                optimum
            );
        }
    }

    #[test]
    fn no_cluster_is_left_empty_when_there_are_enough_distinct_points() {
        // Three far-apart points and a seed set that would put two centroids on
        // one of them is re-seeded rather than left with an empty cluster.
        let matrix = faer::mat![[0.0], [0.0], [0.0], [10.0], [20.0]];
        let points = Points::from_matrix(matrix.as_ref());

        let result = lloyd(&points, vec![0.0, 0.0, 0.0]);

        assert_eq!(result.empty_clusters, 0);
        assert_eq!(count_empty(&result.labels, 3), 0);
    }

    #[test]
    fn the_same_seed_gives_the_same_labels() {
        let matrix = faer::Mat::from_fn(50, 3, |i, j| ((i * 7 + j * 13) % 11) as f64);
        let run = |seed| kmeans(matrix.as_ref(), 4, 5, &mut ChaCha8Rng::seed_from_u64(seed));

        assert_eq!(run(3).labels, run(3).labels);
    }
}
