/* libruview — pose tracker (engine.md §3.1–§3.4, §3.6).  See pose_tracker.h. */
#include "ruview/pose_tracker.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const coco_names[RV_POSE_KEYPOINTS] = {
  "nose", "left_eye", "right_eye", "left_ear", "right_ear",
  "left_shoulder", "right_shoulder", "left_elbow", "right_elbow",
  "left_wrist", "right_wrist", "left_hip", "right_hip",
  "left_knee", "right_knee", "left_ankle", "right_ankle",
};

/* (parent, child, rest length) — pose_tracker.rs BONE_LENGTHS. */
static const struct { int a, b; float len; } bones[12] = {
  {5, 7, 0.15f}, {7, 9, 0.14f}, {6, 8, 0.15f}, {8, 10, 0.14f},
  {5, 11, 0.25f}, {6, 12, 0.25f}, {11, 13, 0.22f}, {13, 15, 0.22f},
  {12, 14, 0.22f}, {14, 16, 0.22f}, {5, 6, 0.18f}, {11, 12, 0.15f},
};

const char *
rv_coco_keypoint_name (size_t i)
{
  return i < RV_POSE_KEYPOINTS ? coco_names[i] : NULL;
}

static int
ascii_ieq (const char *a, const char *b)
{
  for (; *a && *b; a++, b++) {
    char ca = *a, cb = *b;
    if (ca >= 'A' && ca <= 'Z')
      ca = (char) (ca - 'A' + 'a');
    if (cb >= 'A' && cb <= 'Z')
      cb = (char) (cb - 'A' + 'a');
    if (ca != cb)
      return 0;
  }
  return *a == *b;
}

int
rv_coco_keypoint_index (const char *name)
{
  int i;
  if (!name)
    return -1;
  for (i = 0; i < RV_POSE_KEYPOINTS; i++)
    if (ascii_ieq (coco_names[i], name))
      return i;
  return -1;
}

const char *
rv_pose_error_str (RvPoseError e)
{
  switch (e) {
    case RV_POSE_OK: return "ok";
    case RV_POSE_ERROR_INVALID_CONFIG: return "invalid configuration";
    case RV_POSE_ERROR_NO_MEMORY: return "out of memory";
    case RV_POSE_ERROR_TOO_MANY_TRACKS: return "track pool full";
    case RV_POSE_ERROR_INVALID_ARGUMENT: return "invalid argument";
  }
  return "unknown error";
}

float
rv_pose_powi_f32 (float a, int k)
{
  int recip = k < 0;
  float r = 1.0f;
  for (;;) {
    if (k & 1)
      r *= a;
    k /= 2;
    if (k == 0)
      break;
    a *= a;
  }
  return recip ? 1.0f / r : r;
}

/* ---- Kalman ------------------------------------------------------------- */

void
rv_keypoint_init (RvKeypointState *k, float x, float y, float z)
{
  float pos_var = 0.1f * 0.1f, vel_var = 0.5f * 0.5f;
  memset (k, 0, sizeof *k);
  k->state[0] = x;
  k->state[1] = y;
  k->state[2] = z;
  k->cov[0] = pos_var;
  k->cov[6] = pos_var;
  k->cov[11] = pos_var;
  k->cov[15] = vel_var;
  k->cov[18] = vel_var;
  k->cov[20] = vel_var;
}

void
rv_keypoint_predict (RvKeypointState *k, float dt, float a)
{
  float dt2, dt3, dt4, q, posq, velq;
  k->state[0] += k->state[3] * dt;
  k->state[1] += k->state[4] * dt;
  k->state[2] += k->state[5] * dt;
  dt2 = dt * dt;
  dt3 = dt2 * dt;
  dt4 = dt3 * dt;
  q = a * a;
  posq = q * dt4 / 4.0f;
  velq = q * dt2;
  k->cov[0] += posq;
  k->cov[6] += posq;
  k->cov[11] += posq;
  k->cov[15] += velq;
  k->cov[18] += velq;
  k->cov[20] += velq;
}

void
rv_keypoint_update (RvKeypointState *k, const float m[3], float sigma, float mult)
{
  float r = sigma * sigma * mult;
  float nu[3], s[3], K[6][3];
  int i, j;
  nu[0] = m[0] - k->state[0];
  nu[1] = m[1] - k->state[1];
  nu[2] = m[2] - k->state[2];
  s[0] = k->cov[0] + r;
  s[1] = k->cov[6] + r;
  s[2] = k->cov[11] + r;
  memset (K, 0, sizeof K);
  K[0][0] = k->cov[0] / s[0];
  K[1][1] = k->cov[6] / s[1];
  K[2][2] = k->cov[11] / s[2];
  K[3][0] = k->cov[3] / s[0];
  K[4][1] = k->cov[9] / s[1];
  K[5][2] = k->cov[14] / s[2];
  for (i = 0; i < 6; i++)
    for (j = 0; j < 3; j++)
      k->state[i] += K[i][j] * nu[j];
  k->cov[0] *= 1.0f - K[0][0];
  k->cov[6] *= 1.0f - K[1][1];
  k->cov[11] *= 1.0f - K[2][2];
}

float
rv_keypoint_mahalanobis (const RvKeypointState *k, const float m[3])
{
  float nu[3], var[3], d2 = 0.0f;
  int i;
  nu[0] = m[0] - k->state[0];
  nu[1] = m[1] - k->state[1];
  nu[2] = m[2] - k->state[2];
  var[0] = k->cov[0];
  var[1] = k->cov[6];
  var[2] = k->cov[11];
  for (i = 0; i < 3; i++)
    d2 += nu[i] * nu[i] / fmaxf (var[i], 1e-6f);
  return sqrtf (d2);
}

/* ---- tracks ------------------------------------------------------------- */

bool
rv_track_lifecycle_is_alive (RvTrackLifecycle s)
{
  return s == RV_TRACK_TENTATIVE || s == RV_TRACK_ACTIVE || s == RV_TRACK_LOST;
}

bool
rv_track_lifecycle_accepts_updates (RvTrackLifecycle s)
{
  return s == RV_TRACK_TENTATIVE || s == RV_TRACK_ACTIVE;
}

const char *
rv_track_lifecycle_name (RvTrackLifecycle s)
{
  switch (s) {
    case RV_TRACK_TENTATIVE: return "Tentative";
    case RV_TRACK_ACTIVE: return "Active";
    case RV_TRACK_LOST: return "Lost";
    case RV_TRACK_TERMINATED: return "Terminated";
  }
  return "?";
}

void
rv_pose_track_predict (RvPoseTrack *t, float dt, float a)
{
  int i;
  for (i = 0; i < RV_POSE_KEYPOINTS; i++)
    rv_keypoint_predict (&t->kp[i], dt, a);
  if (t->prior_len > 0) {
    const float *wp = t->prior[t->prior_head];
    RvKeypointState *k = &t->kp[8];
    k->state[0] = 0.80f * k->state[0] + 0.20f * wp[0];
    k->state[1] = 0.80f * k->state[1] + 0.20f * wp[1];
    k->state[2] = 0.80f * k->state[2] + 0.20f * wp[2];
    t->prior_head = (t->prior_head + 1) % RV_POSE_MAX_PRIOR;
    t->prior_len--;
  }
  t->age++;
  t->time_since_update++;
}

void
rv_pose_track_update_keypoints (RvPoseTrack *t, const float meas[RV_POSE_KEYPOINTS][3],
    float sigma, float mult, uint64_t t_us)
{
  int i;
  for (i = 0; i < RV_POSE_KEYPOINTS; i++)
    rv_keypoint_update (&t->kp[i], meas[i], sigma, mult);
  t->time_since_update = 0;
  t->consecutive_hits++;
  t->updated_at_us = t_us;
  if (t->lifecycle == RV_TRACK_TENTATIVE) {
    if (t->consecutive_hits >= 2)
      t->lifecycle = RV_TRACK_ACTIVE;
  } else if (t->lifecycle == RV_TRACK_LOST) {
    t->lifecycle = RV_TRACK_ACTIVE;
    t->consecutive_hits = 1;
  }
}

void
rv_pose_track_centroid (const RvPoseTrack *t, float c[3])
{
  int i;
  c[0] = c[1] = c[2] = 0.0f;
  for (i = 0; i < RV_POSE_KEYPOINTS; i++) {
    c[0] += t->kp[i].state[0];
    c[1] += t->kp[i].state[1];
    c[2] += t->kp[i].state[2];
  }
  c[0] /= 17.0f;
  c[1] /= 17.0f;
  c[2] /= 17.0f;
}

void
rv_pose_track_update_embedding (RvPoseTrack *t, const float *e, size_t n, float decay)
{
  float alpha = 1.0f - decay;
  size_t i;
  if (n != t->embedding_dim || (!e && n > 0))
    return;
  for (i = 0; i < n; i++)
    t->embedding[i] = decay * t->embedding[i] + alpha * e[i];
}

void
rv_pose_track_mark_lost (RvPoseTrack *t)
{
  if (t->lifecycle != RV_TRACK_TERMINATED)
    t->lifecycle = RV_TRACK_LOST;
}

void
rv_pose_track_terminate (RvPoseTrack *t)
{
  t->lifecycle = RV_TRACK_TERMINATED;
}

float
rv_pose_track_torso_jitter_rms (const RvPoseTrack *t)
{
  static const int torso[4] = { 5, 6, 11, 12 };
  float sum = 0.0f;
  int i;
  for (i = 0; i < 4; i++) {
    const float *v = &t->kp[torso[i]].state[3];
    sum += v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
  }
  return sqrtf (sum / 4.0f);
}

void
rv_pose_track_set_prior (RvPoseTrack *t, const float (*wp)[3], size_t n)
{
  size_t i;
  if (n > RV_POSE_MAX_PRIOR)
    n = RV_POSE_MAX_PRIOR;
  t->prior_head = 0;
  t->prior_len = n;
  for (i = 0; i < n; i++)
    memcpy (t->prior[i], wp[i], sizeof t->prior[i]);
}

/* ---- tracker ------------------------------------------------------------ */

struct RvPoseTracker
{
  RvPoseTrackerConfig cfg;
  RvPoseTrack *tracks;          /* n_tracks used, creation order */
  size_t n_tracks;
  uint64_t next_id;
  float *emb_pool;              /* max_tracks × dim */
  size_t *emb_free;             /* free slot stack */
  size_t n_emb_free;
  /* bridge scratch, sized max_tracks */
  float (*centroids)[3];
  int64_t *matched;             /* track id or −1 */
  unsigned char *used;
  uint64_t *touched;
  size_t n_touched;
};

void
rv_pose_tracker_config_default (RvPoseTrackerConfig *c)
{
  memset (c, 0, sizeof *c);
  c->process_noise = 0.3f;
  c->measurement_noise = 0.08f;
  c->mahalanobis_gate = 9.0f;
  c->birth_hits = 2;
  c->loss_misses = 5;
  c->reid_window = 100;
  c->embedding_decay = 0.95f;
  c->embedding_dim = 128;
  c->position_weight = 0.6f;
  c->embedding_weight = 0.4f;
  c->max_tracks = 64;
}

RvPoseTracker *
rv_pose_tracker_new (const RvPoseTrackerConfig *c, RvPoseError *err)
{
  RvPoseTracker *t;
  size_t i, m;
  if (!c || c->max_tracks == 0 || c->max_tracks > 65536 || c->embedding_dim > (1u << 20)
      || !isfinite (c->process_noise) || !isfinite (c->position_weight)
      || !isfinite (c->embedding_weight)) {
    if (err)
      *err = RV_POSE_ERROR_INVALID_CONFIG;
    return NULL;
  }
  m = c->max_tracks;
  t = calloc (1, sizeof *t);
  if (!t)
    goto oom;
  t->cfg = *c;
  t->tracks = calloc (m, sizeof *t->tracks);
  t->emb_pool = calloc (m * (c->embedding_dim ? c->embedding_dim : 1), sizeof (float));
  t->emb_free = calloc (m, sizeof *t->emb_free);
  t->centroids = calloc (m, sizeof *t->centroids);
  t->matched = calloc (m, sizeof *t->matched);
  t->used = calloc (m, 1);
  t->touched = calloc (m, sizeof *t->touched);
  if (!t->tracks || !t->emb_pool || !t->emb_free || !t->centroids || !t->matched
      || !t->used || !t->touched)
    goto oom;
  for (i = 0; i < m; i++)
    t->emb_free[i] = m - 1 - i;
  t->n_emb_free = m;
  if (err)
    *err = RV_POSE_OK;
  return t;
oom:
  rv_pose_tracker_free (t);
  if (err)
    *err = RV_POSE_ERROR_NO_MEMORY;
  return NULL;
}

void
rv_pose_tracker_free (RvPoseTracker *t)
{
  if (!t)
    return;
  free (t->tracks);
  free (t->emb_pool);
  free (t->emb_free);
  free (t->centroids);
  free (t->matched);
  free (t->used);
  free (t->touched);
  free (t);
}

const RvPoseTrackerConfig *
rv_pose_tracker_config (const RvPoseTracker *t)
{
  return &t->cfg;
}

size_t
rv_pose_tracker_n_tracks (const RvPoseTracker *t)
{
  return t->n_tracks;
}

RvPoseTrack *
rv_pose_tracker_track (RvPoseTracker *t, size_t i)
{
  return i < t->n_tracks ? &t->tracks[i] : NULL;
}

RvPoseTrack *
rv_pose_tracker_find (RvPoseTracker *t, uint64_t id)
{
  size_t i;
  for (i = 0; i < t->n_tracks; i++)
    if (t->tracks[i].id == id)
      return &t->tracks[i];
  return NULL;
}

size_t
rv_pose_tracker_active_count (const RvPoseTracker *t)
{
  size_t i, n = 0;
  for (i = 0; i < t->n_tracks; i++)
    n += rv_track_lifecycle_is_alive (t->tracks[i].lifecycle);
  return n;
}

uint64_t
rv_pose_tracker_next_id (const RvPoseTracker *t)
{
  return t->next_id;
}

void
rv_pose_tracker_predict_all (RvPoseTracker *t, float dt)
{
  size_t i;
  for (i = 0; i < t->n_tracks; i++)
    if (rv_track_lifecycle_is_alive (t->tracks[i].lifecycle))
      rv_pose_track_predict (&t->tracks[i], dt, t->cfg.process_noise);
  for (i = 0; i < t->n_tracks; i++)
    if (rv_track_lifecycle_accepts_updates (t->tracks[i].lifecycle)
        && t->tracks[i].time_since_update >= t->cfg.loss_misses)
      rv_pose_track_mark_lost (&t->tracks[i]);
  for (i = 0; i < t->n_tracks; i++)
    if (t->tracks[i].lifecycle == RV_TRACK_LOST
        && t->tracks[i].time_since_update >= t->cfg.reid_window)
      rv_pose_track_terminate (&t->tracks[i]);
}

RvPoseError
rv_pose_tracker_create_track (RvPoseTracker *t, const float kp[RV_POSE_KEYPOINTS][3],
    uint64_t t_us, uint64_t *id_out)
{
  RvPoseTrack *tr;
  size_t slot, i;
  if (!t || !kp)
    return RV_POSE_ERROR_INVALID_ARGUMENT;
  if (t->n_tracks >= t->cfg.max_tracks || t->n_emb_free == 0)
    return RV_POSE_ERROR_TOO_MANY_TRACKS;
  slot = t->emb_free[--t->n_emb_free];
  tr = &t->tracks[t->n_tracks++];
  memset (tr, 0, sizeof *tr);
  tr->id = t->next_id++;
  for (i = 0; i < RV_POSE_KEYPOINTS; i++)
    rv_keypoint_init (&tr->kp[i], kp[i][0], kp[i][1], kp[i][2]);
  tr->lifecycle = RV_TRACK_TENTATIVE;
  tr->embedding_dim = t->cfg.embedding_dim;
  tr->embedding = t->emb_pool + slot * (t->cfg.embedding_dim ? t->cfg.embedding_dim : 1);
  memset (tr->embedding, 0, t->cfg.embedding_dim * sizeof (float));
  tr->consecutive_hits = 1;
  tr->created_at_us = t_us;
  tr->updated_at_us = t_us;
  if (id_out)
    *id_out = tr->id;
  return RV_POSE_OK;
}

void
rv_pose_tracker_prune_terminated (RvPoseTracker *t)
{
  size_t i, j = 0, stride = t->cfg.embedding_dim ? t->cfg.embedding_dim : 1;
  for (i = 0; i < t->n_tracks; i++) {
    if (t->tracks[i].lifecycle == RV_TRACK_TERMINATED) {
      t->emb_free[t->n_emb_free++] = (size_t) (t->tracks[i].embedding - t->emb_pool) / stride;
      continue;
    }
    if (i != j)
      t->tracks[j] = t->tracks[i];
    j++;
  }
  t->n_tracks = j;
}

float
rv_cosine_similarity (const float *a, size_t na, const float *b, size_t nb)
{
  size_t n = na < nb ? na : nb, i;
  float dot = 0.0f, xa = 0.0f, xb = 0.0f, den, c;
  if (n == 0)
    return 0.0f;
  for (i = 0; i < n; i++) {
    dot += a[i] * b[i];
    xa += a[i] * a[i];
    xb += b[i] * b[i];
  }
  den = sqrtf (xa * xb);
  if (den < 1e-12f)
    return 0.0f;
  c = dot / den;
  if (c < -1.0f)
    c = -1.0f;
  else if (c > 1.0f)
    c = 1.0f;
  return c;
}

float
rv_pose_tracker_assignment_cost (const RvPoseTracker *t, const RvPoseTrack *track,
    const float det_centroid[3], const float *det_emb, size_t n_emb)
{
  float c[3], maha, ecost;
  RvKeypointState k;
  rv_pose_track_centroid (track, c);
  rv_keypoint_init (&k, c[0], c[1], c[2]);
  maha = rv_keypoint_mahalanobis (&k, det_centroid);
  ecost = 1.0f - rv_cosine_similarity (track->embedding, track->embedding_dim, det_emb,
      det_emb ? n_emb : 0);
  return t->cfg.position_weight * maha + t->cfg.embedding_weight * ecost;
}

/* ---- bridge ------------------------------------------------------------- */

void
rv_pose_detection_from_named (const RvNamedKeypoint *kps, size_t n,
    float out[RV_POSE_KEYPOINTS][3])
{
  bool mapped[RV_POSE_KEYPOINTS] = { false };
  float cx = 0.0f, cy = 0.0f, cz = 0.0f, c[3] = { 0.0f, 0.0f, 0.0f };
  uint32_t count = 0;
  size_t i;
  memset (out, 0, sizeof (float) * 3 * RV_POSE_KEYPOINTS);
  for (i = 0; i < n; i++) {
    int idx = rv_coco_keypoint_index (kps[i].name);
    float x, y, z;
    if (idx < 0)
      continue;
    x = (float) kps[i].x;
    y = (float) kps[i].y;
    z = (float) kps[i].z;
    out[idx][0] = x;
    out[idx][1] = y;
    out[idx][2] = z;
    cx += x;
    cy += y;
    cz += z;
    count++;
    mapped[idx] = true;
  }
  if (count > 0) {
    float nf = (float) count;
    c[0] = cx / nf;
    c[1] = cy / nf;
    c[2] = cz / nf;
  }
  for (i = 0; i < RV_POSE_KEYPOINTS; i++)
    if (!mapped[i])
      memcpy (out[i], c, sizeof c);
}

void
rv_pose_detection_centroid (const float kp[RV_POSE_KEYPOINTS][3], float c[3])
{
  int i;
  c[0] = c[1] = c[2] = 0.0f;
  for (i = 0; i < RV_POSE_KEYPOINTS; i++) {
    c[0] += kp[i][0];
    c[1] += kp[i][1];
    c[2] += kp[i][2];
  }
  c[0] /= 17.0f;
  c[1] /= 17.0f;
  c[2] /= 17.0f;
}

static void
person_of (const RvPoseTrack *tr, RvTrackedPerson *p)
{
  double sx = 0.0, sy = 0.0, cx, cy;
  int i;
  p->id = (uint32_t) tr->id;
  p->lifecycle = tr->lifecycle;
  p->confidence = tr->lifecycle == RV_TRACK_ACTIVE ? 0.9 : 0.5;
  for (i = 0; i < RV_POSE_KEYPOINTS; i++) {
    p->kp[i][0] = (double) tr->kp[i].state[0];
    p->kp[i][1] = (double) tr->kp[i].state[1];
    p->kp[i][2] = (double) tr->kp[i].state[2];
    p->kp_confidence[i] = (double) tr->kp[i].confidence;
  }
  for (i = 0; i < RV_POSE_KEYPOINTS; i++) {
    sx += p->kp[i][0];
    sy += p->kp[i][1];
  }
  cx = sx / 17.0;
  cy = sy / 17.0;
  p->bbox_x = cx - 0.3;
  p->bbox_y = cy - 0.5;
  p->bbox_w = 0.6;
  p->bbox_h = 1.0;
}

size_t
rv_pose_tracker_bridge_update (RvPoseTracker *t, float dt, uint64_t t_us,
    const float (*dets)[RV_POSE_KEYPOINTS][3], size_t n_dets,
    RvTrackedPerson *out, size_t out_cap, size_t *dropped)
{
  size_t d, i, n_out = 0, n_drop = 0, m = t->cfg.max_tracks;

  rv_pose_tracker_predict_all (t, dt);
  if (n_dets == 0 || !dets) {
    rv_pose_tracker_prune_terminated (t);
    if (dropped)
      *dropped = 0;
    return 0;
  }
  if (n_dets > m) {
    n_drop += n_dets - m;
    n_dets = m;
  }
  for (d = 0; d < n_dets; d++)
    rv_pose_detection_centroid (dets[d], t->centroids[d]);
  memset (t->used, 0, t->n_tracks);

  /* greedy: each detection in order takes the cheapest unused alive track */
  for (d = 0; d < n_dets; d++) {
    float best = FLT_MAX;
    size_t best_i = (size_t) -1;
    for (i = 0; i < t->n_tracks; i++) {
      float cost;
      if (!rv_track_lifecycle_is_alive (t->tracks[i].lifecycle) || t->used[i])
        continue;
      cost = rv_pose_tracker_assignment_cost (t, &t->tracks[i], t->centroids[d], NULL, 0);
      if (cost < best) {
        best = cost;
        best_i = i;
      }
    }
    t->matched[d] = -1;
    if (best < t->cfg.mahalanobis_gate && best_i != (size_t) -1) {
      t->matched[d] = (int64_t) t->tracks[best_i].id;
      t->used[best_i] = 1;
    }
  }

  t->n_touched = 0;
  for (d = 0; d < n_dets; d++) {
    if (t->matched[d] >= 0) {
      RvPoseTrack *tr = rv_pose_tracker_find (t, (uint64_t) t->matched[d]);
      if (tr) {
        rv_pose_track_update_keypoints (tr, dets[d], t->cfg.measurement_noise, 1.0f,
            t_us);
        t->touched[t->n_touched++] = tr->id;
      }
    }
  }
  for (d = 0; d < n_dets; d++) {
    if (t->matched[d] < 0) {
      uint64_t id;
      if (rv_pose_tracker_create_track (t, dets[d], t_us, &id) == RV_POSE_OK)
        t->touched[t->n_touched++] = id;
      else
        n_drop++;
    }
  }
  rv_pose_tracker_prune_terminated (t);

  for (i = 0; i < t->n_tracks; i++) {
    const RvPoseTrack *tr = &t->tracks[i];
    size_t k;
    bool hit = false;
    if (!rv_track_lifecycle_accepts_updates (tr->lifecycle))
      continue;
    for (k = 0; k < t->n_touched; k++)
      if (t->touched[k] == tr->id) {
        hit = true;
        break;
      }
    if (!hit)
      continue;
    if (n_out < out_cap && out)
      person_of (tr, &out[n_out]);
    n_out++;
  }
  if (dropped)
    *dropped = n_drop;
  return n_out;
}

/* ---- §3.6 helpers ------------------------------------------------------- */

void
rv_skeleton_enforce_constraints (float kp[RV_POSE_KEYPOINTS][3])
{
  const float tol = 0.30f;
  int it, b;
  for (it = 0; it < 3; it++) {
    for (b = 0; b < 12; b++) {
      int a = bones[b].a, c = bones[b].b;
      float rest = bones[b].len;
      float dx = kp[c][0] - kp[a][0], dy = kp[c][1] - kp[a][1], dz = kp[c][2] - kp[a][2];
      float len = sqrtf (dx * dx + dy * dy + dz * dz), ratio;
      if (len < 1e-9f)
        continue;
      ratio = len / rest;
      if (!(ratio >= 1.0f - tol && ratio <= 1.0f + tol)) {
        float corr = (rest - len) / len * 0.5f;
        float cx = dx * corr, cy = dy * corr, cz = dz * corr;
        kp[a][0] -= cx;
        kp[a][1] -= cy;
        kp[a][2] -= cz;
        kp[c][0] += cx;
        kp[c][1] += cy;
        kp[c][2] += cz;
      }
    }
  }
}

struct RvPoseHistory
{
  size_t max_hot, max_warm;
  float scale;
  float (*hot)[RV_POSE_KEYPOINTS][3];
  int16_t (*warm)[RV_POSE_KEYPOINTS][3];
  size_t hot_head, hot_len, warm_head, warm_len;
};

RvPoseHistory *
rv_pose_history_new (size_t max_hot, size_t max_warm, float scale)
{
  RvPoseHistory *h;
  if (max_hot == 0 || max_hot > (1u << 20) || max_warm > (1u << 20))
    return NULL;
  h = calloc (1, sizeof *h);
  if (!h)
    return NULL;
  h->max_hot = max_hot;
  h->max_warm = max_warm;
  h->scale = fabsf (scale) < 1e-12f ? 1.0f : scale;
  h->hot = calloc (max_hot, sizeof *h->hot);
  h->warm = calloc (max_warm ? max_warm : 1, sizeof *h->warm);
  if (!h->hot || !h->warm) {
    rv_pose_history_free (h);
    return NULL;
  }
  return h;
}

void
rv_pose_history_free (RvPoseHistory *h)
{
  if (!h)
    return;
  free (h->hot);
  free (h->warm);
  free (h);
}

void
rv_pose_history_push (RvPoseHistory *h, const float pose[RV_POSE_KEYPOINTS][3])
{
  size_t slot;
  if (h->hot_len >= h->max_hot) {
    const float (*ev)[3] = (const float (*)[3]) h->hot[h->hot_head];
    float inv = 1.0f / h->scale;
    int k, d;
    h->hot_head = (h->hot_head + 1) % h->max_hot;
    h->hot_len--;
    if (h->max_warm > 0) {
      if (h->warm_len >= h->max_warm) {
        h->warm_head = (h->warm_head + 1) % h->max_warm;
        h->warm_len--;
      }
      slot = (h->warm_head + h->warm_len) % h->max_warm;
      for (k = 0; k < RV_POSE_KEYPOINTS; k++)
        for (d = 0; d < 3; d++) {
          float q = roundf (ev[k][d] * inv);
          if (q < -32768.0f)
            q = -32768.0f;
          else if (q > 32767.0f)
            q = 32767.0f;
          h->warm[slot][k][d] = isnan (q) ? 0 : (int16_t) q;
        }
      h->warm_len++;
    }
  }
  slot = (h->hot_head + h->hot_len) % h->max_hot;
  memcpy (h->hot[slot], pose, sizeof h->hot[slot]);
  h->hot_len++;
}

float
rv_pose_history_similarity (const RvPoseHistory *h, const float pose[RV_POSE_KEYPOINTS][3])
{
  const float (*r)[3];
  float dot = 0.0f, na = 0.0f, nb = 0.0f, den, c;
  int k, d;
  if (h->hot_len == 0)
    return 0.0f;
  r = (const float (*)[3]) h->hot[(h->hot_head + h->hot_len - 1) % h->max_hot];
  for (k = 0; k < RV_POSE_KEYPOINTS; k++)
    for (d = 0; d < 3; d++) {
      float a = r[k][d], b = pose[k][d];
      dot += a * b;
      na += a * a;
      nb += b * b;
    }
  den = sqrtf (na * nb);
  if (den < 1e-12f)
    return 0.0f;
  c = dot / den;
  return c < -1.0f ? -1.0f : c > 1.0f ? 1.0f : c;
}

size_t
rv_pose_history_len (const RvPoseHistory *h)
{
  return h->hot_len + h->warm_len;
}

size_t
rv_pose_history_warm_len (const RvPoseHistory *h)
{
  return h->warm_len;
}

bool
rv_pose_history_warm_get (const RvPoseHistory *h, size_t i, float pose[RV_POSE_KEYPOINTS][3])
{
  size_t slot;
  int k, d;
  if (i >= h->warm_len)
    return false;
  slot = (h->warm_head + i) % h->max_warm;
  for (k = 0; k < RV_POSE_KEYPOINTS; k++)
    for (d = 0; d < 3; d++)
      pose[k][d] = (float) h->warm[slot][k][d] * h->scale;
  return true;
}

struct RvTemporalAttention
{
  size_t window, head, len;
  float decay;
  float (*frames)[RV_POSE_KEYPOINTS][3];
};

RvTemporalAttention *
rv_temporal_attention_new (size_t window, float decay)
{
  RvTemporalAttention *a;
  if (window == 0 || window > (1u << 20))
    return NULL;
  a = calloc (1, sizeof *a);
  if (!a)
    return NULL;
  a->window = window;
  a->decay = decay < 0.0f ? 0.0f : decay > 1.0f ? 1.0f : decay;
  a->frames = calloc (window, sizeof *a->frames);
  if (!a->frames) {
    free (a);
    return NULL;
  }
  return a;
}

void
rv_temporal_attention_free (RvTemporalAttention *a)
{
  if (!a)
    return;
  free (a->frames);
  free (a);
}

static float
bone_len (const float p[RV_POSE_KEYPOINTS][3], int a, int b)
{
  float dx = p[b][0] - p[a][0], dy = p[b][1] - p[a][1], dz = p[b][2] - p[a][2];
  return sqrtf (dx * dx + dy * dy + dz * dz);
}

void
rv_temporal_attention_smooth (RvTemporalAttention *a, const float cur[RV_POSE_KEYPOINTS][3],
    float out[RV_POSE_KEYPOINTS][3])
{
  float prev[RV_POSE_KEYPOINTS][3];
  bool has_prev = a->len > 0;
  float total = 0.0f;
  size_t age, slot;
  int k, d;

  if (has_prev)
    memcpy (prev, a->frames[(a->head + a->len - 1) % a->window], sizeof prev);
  if (a->len >= a->window) {
    a->head = (a->head + 1) % a->window;
    a->len--;
  }
  slot = (a->head + a->len) % a->window;
  memcpy (a->frames[slot], cur, sizeof a->frames[slot]);
  a->len++;

  memset (out, 0, sizeof (float) * 3 * RV_POSE_KEYPOINTS);
  for (age = 0; age < a->len; age++) {
    const float (*f)[3] = (const float (*)[3]) a->frames[(a->head + a->len - 1 - age) % a->window];
    float w = rv_pose_powi_f32 (a->decay, (int) age);
    total += w;
    for (k = 0; k < RV_POSE_KEYPOINTS; k++)
      for (d = 0; d < 3; d++)
        out[k][d] += w * f[k][d];
  }
  if (total > 0.0f)
    for (k = 0; k < RV_POSE_KEYPOINTS; k++)
      for (d = 0; d < 3; d++)
        out[k][d] /= total;

  if (has_prev && a->len >= 2) {
    const float lo = 1.0f - 0.20f, hi = 1.0f + 0.20f;
    int b;
    for (b = 0; b < 12; b++) {
      int p = bones[b].a, c = bones[b].b;
      float pl = bone_len ((const float (*)[3]) prev, p, c), cl, ratio;
      if (pl < 1e-6f)
        continue;
      cl = bone_len ((const float (*)[3]) out, p, c);
      if (cl < 1e-6f)
        continue;
      ratio = cl / pl;
      if (ratio < lo || ratio > hi) {
        float target = pl * (ratio < lo ? lo : ratio > hi ? hi : ratio);
        float sc = target / cl;
        for (d = 0; d < 3; d++) {
          float diff = out[c][d] - out[p][d];
          out[c][d] = out[p][d] + diff * sc;
        }
      }
    }
  }
}

size_t
rv_temporal_attention_len (const RvTemporalAttention *a)
{
  return a->len;
}

void
rv_temporal_attention_clear (RvTemporalAttention *a)
{
  a->head = 0;
  a->len = 0;
}

void
rv_tracked_person_write_body (RvJsonWriter *w, const RvTrackedPerson *p,
    bool with_keypoints)
{
  int i;
  if (with_keypoints) {
    rv_json_key (w, "keypoints");
    rv_json_begin_array (w);
    for (i = 0; i < RV_POSE_KEYPOINTS; i++) {
      rv_json_begin_object (w);
      rv_json_kv_string (w, "name", coco_names[i]);
      rv_json_kv_f64 (w, "x", p->kp[i][0]);
      rv_json_kv_f64 (w, "y", p->kp[i][1]);
      rv_json_kv_f64 (w, "z", p->kp[i][2]);
      rv_json_kv_f64 (w, "confidence", p->kp_confidence[i]);
      rv_json_end_object (w);
    }
    rv_json_end_array (w);
  }
  rv_json_key (w, "bbox");
  rv_json_begin_object (w);
  rv_json_kv_f64 (w, "x", p->bbox_x);
  rv_json_kv_f64 (w, "y", p->bbox_y);
  rv_json_kv_f64 (w, "width", p->bbox_w);
  rv_json_kv_f64 (w, "height", p->bbox_h);
  rv_json_end_object (w);
}

void
rv_tracked_person_write_json (RvJsonWriter *w, const RvTrackedPerson *p,
    const double position[3], double motion_score, const char *pose)
{
  int i;
  rv_json_begin_object (w);
  rv_json_kv_u64 (w, "id", p->id);
  rv_json_kv_f64 (w, "confidence", p->confidence);
  rv_tracked_person_write_body (w, p, true);
  rv_json_kv_string (w, "zone", "tracked");
  rv_json_key (w, "position");
  rv_json_begin_array (w);
  for (i = 0; i < 3; i++)
    rv_json_f64 (w, position ? position[i] : 0.0);
  rv_json_end_array (w);
  rv_json_kv_f64 (w, "motion_score", motion_score);
  if (pose)
    rv_json_kv_string (w, "pose", pose);
  rv_json_end_object (w);
}
