/* Inner loops of the NER tagger (baogao/redact/recognizers/ner.py), in plain C.
 *
 * Loaded through ctypes by ner_native.py, which compiles this file once per
 * machine with the system C compiler; without a compiler the tagger runs the
 * same computations in numpy. Every function here repeats the arithmetic of its
 * numpy twin in the same order and precision (float32 sums of weights, float64
 * Viterbi scores, the first best label on ties), so both give the same tags; the
 * marginals may differ in the last bits (exp of another libm).
 *
 * Built without -ffast-math on purpose: reassociating the sums would change them.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define EMPTY (-1)
/* Hash probes miss the cache; asking for a slot 16 keys ahead cut the emission time by ~10%. */
#define PREFETCH_AHEAD 16
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

/* out[l] += w[l] for each label, in float32 like numpy's sum of the rows. */
static inline void add_row(float *out, const float *w, int64_t n_labels)
{
    for (int64_t l = 0; l < n_labels; l++)
        out[l] += w[l];
}

/* Emission scores: out[i, :] += weights[row(j, keys[j, i]), :] for every template j,
 * in template order. A dense template looks its key up in dense_all[off_j : off_j + len_j]
 * (keys past the end: the table's last entry, the zero row); a hashed template probes the
 * shared open-addressing table with the key tagged by the template's index (<< 58). */
void bg_emissions(const int64_t *keys, int64_t n_templates, int64_t n,
                  const uint8_t *is_dense, const int64_t *dense_off, const int64_t *dense_len,
                  const int64_t *dense_all, const int64_t *table_keys, const int64_t *table_rows,
                  int64_t bits, int64_t max_probe, const float *weights, int64_t n_labels,
                  int64_t none, float *out)
{
    const uint64_t mult = 0x9E3779B97F4A7C15ULL;
    const int shift = (int)(64 - bits);
    for (int64_t j = 0; j < n_templates; j++) {
        const int64_t *key = keys + j * n;
        if (is_dense[j]) {
            const int64_t *dense = dense_all + dense_off[j];
            const int64_t last = dense_len[j] - 1;
            for (int64_t i = 0; i < n; i++) {
                int64_t k = key[i];
                if (k > last || k < 0)
                    k = k < 0 ? 0 : last;
                const int64_t r = dense[k];
                if (r != none)
                    add_row(out + i * n_labels, weights + r * n_labels, n_labels);
            }
        } else {
            const int64_t tag = j << 58;
            for (int64_t i = 0; i < n; i++) {
                if (i + PREFETCH_AHEAD < n)  /* the table is large: fetch a later key's slot early */
                    PREFETCH(table_keys + (int64_t)(((uint64_t)(key[i + PREFETCH_AHEAD] | tag) * mult) >> shift));
                const int64_t q = key[i] | tag;
                const int64_t at = (int64_t)(((uint64_t)q * mult) >> shift);
                int64_t r = none;
                for (int64_t p = 0; p <= max_probe; p++) {
                    const int64_t got = table_keys[at + p];
                    if (got == q) {
                        r = table_rows[at + p];
                        break;
                    }
                    if (got == EMPTY)
                        break;
                }
                if (r != none)
                    add_row(out + i * n_labels, weights + r * n_labels, n_labels);
            }
        }
    }
}

/* Viterbi over every live chunk (rows starts[c] .. starts[c + 1] - 1 of emit); the best
 * label ids go to path. back: workspace of max_len * n_labels. */
void bg_viterbi(const double *trans, int64_t n_labels, const float *emit, const int64_t *starts,
                int64_t n_chunks, const uint8_t *live, int64_t *path, int64_t *back,
                double *score, double *next)
{
    const int64_t L = n_labels;
    for (int64_t c = 0; c < n_chunks; c++) {
        const int64_t s = starts[c], steps = starts[c + 1] - starts[c];
        if (!live[c] || steps <= 0)
            continue;
        for (int64_t l = 0; l < L; l++)
            score[l] = (double)emit[s * L + l];
        for (int64_t t = 1; t < steps; t++) {
            const float *e = emit + (s + t) * L;
            for (int64_t cur = 0; cur < L; cur++) {
                int64_t best = 0;
                double bv = score[0] + trans[cur];
                for (int64_t prev = 1; prev < L; prev++) {
                    const double v = score[prev] + trans[prev * L + cur];
                    if (v > bv) {
                        bv = v;
                        best = prev;
                    }
                }
                back[t * L + cur] = best;
                next[cur] = bv + (double)e[cur];
            }
            for (int64_t l = 0; l < L; l++)
                score[l] = next[l];
        }
        int64_t cur = 0;
        for (int64_t l = 1; l < L; l++)
            if (score[l] > score[cur])
                cur = l;
        path[s + steps - 1] = cur;
        for (int64_t t = steps - 1; t > 0; t--) {
            cur = back[t * L + cur];
            path[s + t - 1] = cur;
        }
    }
}

/* Scaled forward-backward over one chunk (rows s .. s + steps - 1): alpha and beta of every step,
 * each normalised to sum 1, in work + steps * n_labels and work + 2 * steps * n_labels; with norm
 * (steps doubles, or NULL), the forward normaliser of each step too.
 * work: 3 * steps * n_labels doubles, pt: exp(trans - max(trans)). */
static void forward_backward(const double *pt, int64_t n_labels, const float *emit, int64_t s, int64_t steps,
                             double *work, double *norm)
{
    const int64_t L = n_labels;
    double *pe = work, *alpha = work + steps * L, *beta = work + 2 * steps * L;
    for (int64_t t = 0; t < steps; t++) {
        const float *e = emit + (s + t) * L;
        double m = (double)e[0];
        for (int64_t l = 1; l < L; l++)
            if ((double)e[l] > m)
                m = (double)e[l];
        for (int64_t l = 0; l < L; l++)
            pe[t * L + l] = exp((double)e[l] - m);
    }
    double tot = 0.0;
    for (int64_t l = 0; l < L; l++)
        tot += pe[l];
    if (norm)
        norm[0] = tot;
    for (int64_t l = 0; l < L; l++)
        alpha[l] = pe[l] / tot;
    for (int64_t t = 1; t < steps; t++) {
        tot = 0.0;
        for (int64_t cur = 0; cur < L; cur++) {
            double acc = 0.0;
            for (int64_t prev = 0; prev < L; prev++)
                acc += alpha[(t - 1) * L + prev] * pt[prev * L + cur];
            acc *= pe[t * L + cur];
            alpha[t * L + cur] = acc;
            tot += acc;
        }
        if (norm)
            norm[t] = tot;
        for (int64_t l = 0; l < L; l++)
            alpha[t * L + l] /= tot;
    }
    for (int64_t l = 0; l < L; l++)
        beta[(steps - 1) * L + l] = 1.0;
    for (int64_t t = steps - 2; t >= 0; t--) {
        tot = 0.0;
        for (int64_t prev = 0; prev < L; prev++) {
            double acc = 0.0;
            for (int64_t cur = 0; cur < L; cur++)
                acc += pe[(t + 1) * L + cur] * beta[(t + 1) * L + cur] * pt[prev * L + cur];
            beta[t * L + prev] = acc;
            tot += acc;
        }
        for (int64_t l = 0; l < L; l++)
            beta[t * L + l] /= tot;
    }
}

/* Marginal probability of the chosen label at each step of one chunk (rows s .. s + steps - 1),
 * written to out[s ..]. work: 3 * steps * n_labels doubles, pt: exp(trans - max(trans)). */
static void bg_marginals(const double *pt, int64_t n_labels, const float *emit, int64_t s, int64_t steps,
                         const int64_t *path, double *out, double *work)
{
    const int64_t L = n_labels;
    const double *alpha = work + steps * L, *beta = work + 2 * steps * L;
    forward_backward(pt, n_labels, emit, s, steps, work, NULL);
    for (int64_t t = 0; t < steps; t++) {
        double z = 0.0;
        for (int64_t l = 0; l < L; l++)
            z += alpha[t * L + l] * beta[t * L + l];
        const int64_t k = path[s + t];
        out[s + t] = alpha[t * L + k] * beta[t * L + k] / z;
    }
}

/* bg_marginals for each chunk in ids (rows starts[c] .. starts[c + 1] - 1): one call from
 * Python instead of one per chunk. work: 3 * (longest chunk) * n_labels doubles. */
void bg_marginals_chunks(const double *pt, int64_t n_labels, const float *emit, const int64_t *starts,
                         const int64_t *ids, int64_t n_ids, const int64_t *path, double *out,
                         double *work)
{
    for (int64_t k = 0; k < n_ids; k++) {
        const int64_t c = ids[k];
        const int64_t steps = starts[c + 1] - starts[c];
        if (steps > 0)
            bg_marginals(pt, n_labels, emit, starts[c], steps, path, out, work);
    }
}

/* The marginal probability of every label at every step of the chunks in ids: row r of out
 * (n_labels doubles, r in starts[c] .. starts[c + 1] - 1) sums to 1. work: 3 * (longest chunk)
 * * n_labels doubles. */
void bg_posteriors_chunks(const double *pt, int64_t n_labels, const float *emit, const int64_t *starts,
                          const int64_t *ids, int64_t n_ids, double *out, double *work)
{
    const int64_t L = n_labels;
    for (int64_t k = 0; k < n_ids; k++) {
        const int64_t c = ids[k];
        const int64_t s = starts[c], steps = starts[c + 1] - starts[c];
        if (steps <= 0)
            continue;
        forward_backward(pt, n_labels, emit, s, steps, work, NULL);
        const double *alpha = work + steps * L, *beta = work + 2 * steps * L;
        for (int64_t t = 0; t < steps; t++) {
            double z = 0.0;
            for (int64_t l = 0; l < L; l++)
                z += alpha[t * L + l] * beta[t * L + l];
            for (int64_t l = 0; l < L; l++)
                out[(s + t) * L + l] = alpha[t * L + l] * beta[t * L + l] / z;
        }
    }
}

/* The candidate names of the chunks in ids (ner_spans.py): every span [a, b) that the CRF gives
 * a probability of at least min_p of being one name of a kind (B I* E, or S, of that kind, the
 * rest of the chunk summed over), up to max_len characters; and the marginal of every label at
 * every row of those chunks (post, as bg_posteriors_chunks).
 *
 * With the normalised forward and backward vectors (alpha^, beta^ summing to 1 at each step,
 * c_t the forward normaliser of step t and z_t = alpha^_t . beta^_t), the probability of the
 * labels B I .. I E on a .. b - 1 is
 *     alpha^_a[B] * prod_{t = a+1 .. b-1} (pt[prev][cur] pe_t[cur] / c_t) * beta^_{b-1}[E] / z_{b-1},
 * and the same product ending in I, times beta^_t[I] / z_t, bounds every longer span from a
 * (forward_backward's scaling; its forward normalisers are the c_t):
 * the scan from a stops once it is below min_p.
 *
 * kinds: n_kinds rows of (B, I, E, S) label ids, S = -1 for a kind without one. Candidates go
 * to out_* up to cap; the return value is their number (more than cap: call again with room).
 * work: 3 * (longest chunk) * n_labels + 2 * (longest chunk) doubles. */
int64_t bg_span_candidates(const double *pt, int64_t n_labels, const float *emit, const int64_t *starts,
                           const int64_t *ids, int64_t n_ids, const int64_t *kinds, int64_t n_kinds,
                           double min_p, int64_t max_len, double *post, int64_t *out_chunk,
                           int64_t *out_start, int64_t *out_end, int64_t *out_kind, double *out_p,
                           int64_t cap, double *work)
{
    const int64_t L = n_labels;
    int64_t n = 0;
    for (int64_t k = 0; k < n_ids; k++) {
        const int64_t c = ids[k];
        const int64_t s = starts[c], steps = starts[c + 1] - starts[c];
        if (steps <= 0)
            continue;
        double *pe = work, *alpha = work + steps * L, *beta = work + 2 * steps * L;
        double *norm = work + 3 * steps * L, *z = norm + steps;
        forward_backward(pt, n_labels, emit, s, steps, work, norm);
        for (int64_t t = 0; t < steps; t++) {
            double zt = 0.0;
            for (int64_t l = 0; l < L; l++)
                zt += alpha[t * L + l] * beta[t * L + l];
            z[t] = zt;
            for (int64_t l = 0; l < L; l++)
                post[(s + t) * L + l] = alpha[t * L + l] * beta[t * L + l] / zt;
        }
        for (int64_t q = 0; q < n_kinds; q++) {
            const int64_t B = kinds[4 * q], I = kinds[4 * q + 1], E = kinds[4 * q + 2], S = kinds[4 * q + 3];
            for (int64_t a = 0; a < steps; a++) {
                if (S >= 0) {
                    const double p = post[(s + a) * L + S];
                    if (p >= min_p) {
                        if (n < cap) {
                            out_chunk[n] = c, out_start[n] = a, out_end[n] = a + 1, out_kind[n] = q, out_p[n] = p;
                        }
                        n++;
                    }
                }
                double run = alpha[a * L + B];
                int64_t prev = B;
                for (int64_t t = a + 1; t < steps && t - a < max_len; t++) {
                    const double step = pe[t * L + E] / norm[t];
                    const double p = run * pt[prev * L + E] * step * beta[t * L + E] / z[t];
                    if (p >= min_p) {
                        if (n < cap) {
                            out_chunk[n] = c, out_start[n] = a, out_end[n] = t + 1, out_kind[n] = q, out_p[n] = p;
                        }
                        n++;
                    }
                    run *= pt[prev * L + I] * pe[t * L + I] / norm[t];
                    prev = I;
                    if (run * beta[t * L + I] / z[t] < min_p)
                        break;
                }
            }
        }
    }
    return n;
}
