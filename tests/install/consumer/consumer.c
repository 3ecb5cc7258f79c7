/* Writes and reads back one value through an installed h5x. */
#include <h5x.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    h5x_object *f = h5x_file_open(argv[1], "w", NULL);
    if (!f) {
        fprintf(stderr, "%s\n", h5x_last_error()->message);
        return 1;
    }
    int64_t value = 42, back = 0;
    h5x_object *d = h5x_dataset_create(f, "answer", H5X_I64, &(h5x_shape){0, {0}}, NULL);
    int rc = d ? h5x_dataset_write(d, NULL, H5X_I64, &value, NULL) : -1;
    if (rc == 0)
        rc = h5x_dataset_read(d, NULL, H5X_I64, &back, sizeof back);
    h5x_close(d);
    h5x_close(f);
    printf("%lld\n", (long long)back);
    return rc == 0 && back == 42 ? 0 : 1;
}
