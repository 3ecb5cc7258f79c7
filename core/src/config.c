/* Library-wide defaults, as h5py's get_config(): today the default
 * track_order of new files, groups and datasets. */
#include "object.h"

#include "lock.h"

static int default_track_order; /* guarded by the library lock */

int h5x_config_set_track_order(int track_order)
{
    h5x_lock();
    default_track_order = track_order ? 1 : 0;
    h5x_unlock();
    return 0;
}

int h5x_config_get_track_order(void)
{
    h5x_lock();
    int v = default_track_order;
    h5x_unlock();
    return v;
}

int h5x_default_track_order(int requested)
{
    return requested < 0 ? h5x_config_get_track_order() : (requested ? 1 : 0);
}
