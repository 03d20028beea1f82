namespace VhostGpu.Gpu.Wire;

/// <summary>virtio_gpu_ctrl_type response values the 2D device sends (protocol reference 4.3).</summary>
public enum ResponseType : uint
{
    OkNoData = 0x1100,
    OkDisplayInfo = 0x1101,
    OkEdid = 0x1104,
    OkResourceUuid = 0x1105,

    ErrUnspec = 0x1200,
    ErrOutOfMemory = 0x1201,
    ErrInvalidScanoutId = 0x1202,
    ErrInvalidResourceId = 0x1203,
    ErrInvalidParameter = 0x1205,
}
