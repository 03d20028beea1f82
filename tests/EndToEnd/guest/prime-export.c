/*
 * Test guest helper: exports a virtio-gpu dumb buffer through DRM PRIME. With
 * VIRTIO_GPU_F_RESOURCE_UUID negotiated, Linux's virtio-gpu driver asks the device for the
 * resource's UUID (RESOURCE_ASSIGN_UUID) when a buffer is exported. The buffer is destroyed
 * when the program exits (RESOURCE_UNREF). Prints "WIDTH HEIGHT PITCH" on success.
 * The DRM uapi structs are declared here because the build host may lack the kernel headers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct drm_mode_create_dumb {
    uint32_t height, width, bpp, flags;
    uint32_t handle, pitch;
    uint64_t size;
};

struct drm_prime_handle {
    uint32_t handle, flags;
    int32_t fd;
};

#define DRM_IOCTL_PRIME_HANDLE_TO_FD _IOWR('d', 0x2d, struct drm_prime_handle)
#define DRM_IOCTL_MODE_CREATE_DUMB _IOWR('d', 0xB2, struct drm_mode_create_dumb)

int main(int argc, char **argv)
{
    const char *card = argc > 1 ? argv[1] : "/dev/dri/card0";
    int fd = open(card, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        printf("open %s: %s\n", card, strerror(errno));
        return 1;
    }
    struct drm_mode_create_dumb dumb = { .height = 64, .width = 64, .bpp = 32 };
    if (ioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &dumb) != 0) {
        printf("create dumb: %s\n", strerror(errno));
        return 1;
    }
    struct drm_prime_handle prime = { .handle = dumb.handle, .flags = O_CLOEXEC | O_RDWR };
    if (ioctl(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &prime) != 0) {
        printf("prime export: %s\n", strerror(errno));
        return 1;
    }
    printf("%u %u %u\n", dumb.width, dumb.height, dumb.pitch);
    return 0;
}
