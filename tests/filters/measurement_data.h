/* Test and benchmark data with the structure of real measurements:
 * smooth signals, integer counters, noisy sensor readings, and random
 * bytes as the incompressible extreme.  Deterministic, so that failures
 * reproduce. */
#ifndef H5X_MEASUREMENT_DATA_H
#define H5X_MEASUREMENT_DATA_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef enum measurement_kind {
    MEASUREMENT_SMOOTH_F64 = 0, /* sums of slow sines: temperatures, positions */
    MEASUREMENT_COUNTER_I32,    /* event counters: increasing by small steps */
    MEASUREMENT_SENSOR_F32,     /* a level plus a few least-significant bits of noise */
    MEASUREMENT_RANDOM_BYTES,   /* nothing to find */
    MEASUREMENT_KIND_COUNT
} measurement_kind;

static inline const char *measurement_name(measurement_kind kind)
{
    static const char *const names[] = {"smooth float64", "counter int32", "sensor float32", "random bytes"};
    return names[kind];
}

static inline size_t measurement_type_size(measurement_kind kind)
{
    static const size_t sizes[] = {8, 4, 4, 1};
    return sizes[kind];
}

static inline uint64_t measurement_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

/* Fills size bytes (whole elements, the tail with zeros). */
static inline void measurement_fill(measurement_kind kind, void *buffer, size_t size, uint64_t seed)
{
    uint64_t state = seed * 2654435761u + 88172645463325252ull;
    unsigned char *bytes = buffer;
    size_t width = measurement_type_size(kind);
    size_t n = size / width;
    memset(bytes + n * width, 0, size - n * width);
    int32_t counter = (int32_t)(seed % 1000);
    for (size_t i = 0; i < n; i++) {
        switch (kind) {
        case MEASUREMENT_SMOOTH_F64: {
            double t = (double)i + (double)seed * 1000.0;
            double v = 20.0 + 3.0 * sin(t / 500.0) + 0.5 * sin(t / 37.0) + 1e-4 * t;
            memcpy(bytes + i * 8, &v, 8);
            break;
        }
        case MEASUREMENT_COUNTER_I32:
            counter += (int32_t)(measurement_next(&state) % 4);
            memcpy(bytes + i * 4, &counter, 4);
            break;
        case MEASUREMENT_SENSOR_F32: {
            float v = 1013.25f + (float)((int)(measurement_next(&state) % 64) - 32) * 0.01f;
            memcpy(bytes + i * 4, &v, 4);
            break;
        }
        default:
            bytes[i] = (unsigned char)(measurement_next(&state) >> 56);
            break;
        }
    }
}

#endif
