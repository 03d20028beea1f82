namespace VhostGpu.Gpu.Wire;

/// <summary>virtio_gpu_ctrl_type request values (virtio spec 5.7.6.7; protocol reference 4.3).</summary>
public enum ControlType : uint
{
    GetDisplayInfo = 0x0100,
    ResourceCreate2D = 0x0101,
    ResourceUnref = 0x0102,
    SetScanout = 0x0103,
    ResourceFlush = 0x0104,
    TransferToHost2D = 0x0105,
    ResourceAttachBacking = 0x0106,
    ResourceDetachBacking = 0x0107,
    GetCapsetInfo = 0x0108,
    GetCapset = 0x0109,
    GetEdid = 0x010A,
    ResourceAssignUuid = 0x010B,

    UpdateCursor = 0x0300,
    MoveCursor = 0x0301,
}
