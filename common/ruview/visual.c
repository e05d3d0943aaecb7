/* libruview — rvvisualize's layout, maps and colours (visual.h). */
#include "ruview/visual.h"

#include <math.h>
#include <pthread.h>
#include <string.h>

const uint8_t rv_visual_skeleton[RV_VISUAL_SKELETON_LIMBS][2] = {
  /* head: nose–eyes–ears */
  {0, 1}, {0, 2}, {1, 3}, {2, 4},
  /* shoulders and arms */
  {5, 6}, {5, 7}, {7, 9}, {6, 8}, {8, 10},
  /* torso */
  {5, 11}, {6, 12}, {11, 12},
  /* legs */
  {11, 13}, {13, 15}, {12, 14}, {14, 16},
};

void
rv_visual_layout (unsigned width, unsigned height, RvVisualLayout *out)
{
  double w = (double) width, h = (double) height;
  double u = (w < h ? w : h) / 480.0, m = 8.0 * u, band;

  out->unit = u;
  out->font = 14.0 * u;
  band = ceil (1.6 * out->font);
  out->hud.x = 0.0;
  out->hud.y = 0.0;
  out->hud.w = w;
  out->hud.h = band;
  out->view.x = m;
  out->view.y = band + m;
  out->view.w = fmax (w - 2.0 * m, 1.0);
  out->view.h = fmax (h - band - 2.0 * m, 1.0);
}

void
rv_view_map_fit (RvViewMap *m, double x0, double y0, double w, double h,
    const RvRect *dst, bool flip_y)
{
  double sx = dst->w / w, sy = dst->h / h;

  m->scale = sx < sy ? sx : sy;
  m->ox = dst->x + 0.5 * (dst->w - m->scale * w);
  m->oy = dst->y + 0.5 * (dst->h - m->scale * h);
  m->x0 = x0;
  m->y0 = flip_y ? y0 + h : y0;
  m->flip_y = flip_y;
}

void
rv_view_map_plan (RvViewMap *m, const RvVisualLayout *l, const double b[6])
{
  rv_view_map_fit (m, b[0], b[1], b[3] - b[0], b[4] - b[1], &l->view, true);
}

void
rv_view_map_pose (RvViewMap *m, const RvVisualLayout *l)
{
  rv_view_map_fit (m, 0.0, 0.0, RV_VISUAL_POSE_WIDTH, RV_VISUAL_POSE_HEIGHT,
      &l->view, false);
}

void
rv_view_map_apply (const RvViewMap *m, double x, double y, double *px,
    double *py)
{
  *px = m->ox + m->scale * (x - m->x0);
  *py = m->oy + m->scale * (m->flip_y ? m->y0 - y : y - m->y0);
}

void
rv_view_map_box (const RvViewMap *m, double xa, double ya, double xb,
    double yb, int *x, int *y, int *w, int *h)
{
  double pxa, pya, pxb, pyb, l, r, t, b;

  rv_view_map_apply (m, xa, ya, &pxa, &pya);
  rv_view_map_apply (m, xb, yb, &pxb, &pyb);
  l = floor (fmin (pxa, pxb) + 0.5);
  r = floor (fmax (pxa, pxb) + 0.5);
  t = floor (fmin (pya, pyb) + 0.5);
  b = floor (fmax (pya, pyb) + 0.5);
  *x = (int) l;
  *y = (int) t;
  *w = (int) (r - l);
  *h = (int) (b - t);
}

double
rv_density_columns (const double *dens, size_t nx, size_t ny, size_t nz,
    double *col)
{
  size_t plane = nx * ny, i, z;
  double top = 0.0;

  for (i = 0; i < plane; i++) {
    double c = 0.0;
    for (z = 0; z < nz; z++)
      if (dens[z * plane + i] > c)
        c = dens[z * plane + i];
    col[i] = c;
    if (c > top)
      top = c;
  }
  return top;
}

double
rv_density_level (double d, double dmax)
{
  double t = d / fmax (dmax, RV_VISUAL_DENSITY_FLOOR);

  if (!(t > 0.0))
    return 0.0;
  return t < 1.0 ? t : 1.0;
}

static const double stops[5][4] = {
  {0.10, 0.20, 0.60, 0.00},
  {0.00, 0.55, 0.90, 0.35},
  {0.10, 0.80, 0.40, 0.55},
  {1.00, 0.80, 0.10, 0.70},
  {1.00, 0.20, 0.10, 0.85},
};

void
rv_density_colour (double t, double rgba[4])
{
  double f;
  int i, c;

  if (!(t > 0.0))
    t = 0.0;
  if (t > 1.0)
    t = 1.0;
  i = (int) (t * 4.0);
  if (i > 3)
    i = 3;
  f = t * 4.0 - (double) i;
  for (c = 0; c < 4; c++)
    rgba[c] = stops[i][c] + f * (stops[i + 1][c] - stops[i][c]);
}

void
rv_visual_profile_points (const float *v, size_t n, const RvRect *b,
    double *xy)
{
  double vmax = 0.0;
  size_t i;

  for (i = 0; i < n; i++)
    if (v[i] > vmax && isfinite (v[i]))
      vmax = v[i];
  for (i = 0; i < n; i++) {
    double s = (v[i] > 0.0 && isfinite (v[i]) && vmax > 0.0) ? v[i] / vmax
        : 0.0;
    xy[2 * i] = n > 1 ? b->x + b->w * (double) i / (double) (n - 1)
        : b->x + 0.5 * b->w;
    xy[2 * i + 1] = b->y + b->h * (1.0 - s);
  }
}

void
rv_visual_over (const double fg[4], const double bg[4], double out[4])
{
  double a = fg[3] + bg[3] * (1.0 - fg[3]);
  int c;

  for (c = 0; c < 3; c++)
    out[c] = a > 0.0 ? (fg[c] * fg[3] + bg[c] * bg[3] * (1.0 - fg[3])) / a
        : 0.0;
  out[3] = a;
}

void
rv_visual_id_colour (uint32_t id, double rgb[3])
{
  const double s = 0.65, v = 1.0;
  double h = fmod ((double) id * 137.508, 360.0) / 60.0;
  double f = h - floor (h), p = v * (1.0 - s), q = v * (1.0 - s * f);
  double t = v * (1.0 - s * (1.0 - f));

  switch ((int) h) {
    case 0:
      rgb[0] = v, rgb[1] = t, rgb[2] = p;
      break;
    case 1:
      rgb[0] = q, rgb[1] = v, rgb[2] = p;
      break;
    case 2:
      rgb[0] = p, rgb[1] = v, rgb[2] = t;
      break;
    case 3:
      rgb[0] = p, rgb[1] = q, rgb[2] = v;
      break;
    case 4:
      rgb[0] = t, rgb[1] = p, rgb[2] = v;
      break;
    default:
      rgb[0] = v, rgb[1] = p, rgb[2] = q;
      break;
  }
}

/* unpremul[a][c] = round(c · 255 / a) (clamped), made once */
static uint8_t unpremul[256][256];
static pthread_once_t unpremul_once = PTHREAD_ONCE_INIT;

static void
make_unpremul (void)
{
  unsigned a, c;

  for (a = 1; a < 256; a++)
    for (c = 0; c < 256; c++) {
      unsigned v = (c * 255u + a / 2u) / a;
      unpremul[a][c] = (uint8_t) (v > 255u ? 255u : v);
    }
}

/* bit position of byte offset o in a 32-bit word loaded from memory */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define BYTE_SHIFT(o) (8u * (3u - (unsigned) (o)))
#else
#define BYTE_SHIFT(o) (8u * (unsigned) (o))
#endif

/* n pixels in place, each through the division table */
static void
unpremultiply_run (uint32_t *px, size_t n)
{
  uint32_t last_in = 0, last_out = 0;   /* 0 stays 0 */
  size_t k;

  for (k = 0; k < n; k++) {
    uint32_t p = px[k];
    unsigned a = p >> 24;
    if (p == last_in)
      px[k] = last_out;         /* runs of one colour: filled shapes */
    else if (a != 255u && a != 0u) {
      const uint8_t *row = unpremul[a];
      last_in = p;
      last_out = px[k] = (uint32_t) a << 24
          | (uint32_t) row[(p >> 16) & 0xffu] << 16
          | (uint32_t) row[(p >> 8) & 0xffu] << 8 | row[p & 0xffu];
    }
  }
}

void
rv_argb32_unpremultiply (uint32_t *px, size_t n)
{
  size_t k = 0;

  pthread_once (&unpremul_once, make_unpremul);
  /* a pixel of alpha 0 or 255 is already straight: blocks of such pixels
   * are only looked at (a loop the compiler vectorises) */
  for (; k + 16 <= n; k += 16) {
    uint32_t acc = 0, diff = 0, first = px[k];
    size_t j;
    for (j = 0; j < 16; j++) {
      acc |= ((px[k + j] >> 24) + 1u) & 0xfeu;
      diff |= px[k + j] ^ first;
    }
    if (acc && !diff) {
      /* a block of one colour (inside a filled shape) */
      unpremultiply_run (&first, 1);
      for (j = 0; j < 16; j++)
        px[k + j] = first;
    } else if (acc)
      unpremultiply_run (px + k, 16);
  }
  unpremultiply_run (px + k, n - k);
}

static inline uint32_t
reorder (uint32_t p, unsigned sr, unsigned sg, unsigned sb, unsigned sa)
{
  return ((p >> 16) & 0xffu) << sr | ((p >> 8) & 0xffu) << sg
      | (p & 0xffu) << sb | (p >> 24) << sa;
}

void
rv_argb32_to_bytes (const uint32_t *restrict src, uint32_t *restrict dst,
    size_t n, const uint8_t order[4])
{
  const unsigned sr = BYTE_SHIFT (order[0]), sg = BYTE_SHIFT (order[1]),
      sb = BYTE_SHIFT (order[2]), sa = BYTE_SHIFT (order[3]);
  size_t k = 0, j;

  /* blocks of 16, which the compiler vectorises, then the rest */
  for (; k + 16 <= n; k += 16)
    for (j = 0; j < 16; j++)
      dst[k + j] = reorder (src[k + j], sr, sg, sb, sa);
  for (; k < n; k++)
    dst[k] = reorder (src[k], sr, sg, sb, sa);
}
