using VhostGpu.Gpu.Sharing;
using VhostGpu.Gpu.Wire;
using VhostGpu.Virtio;

namespace VhostGpu.Gpu;

/// <summary>
/// RESOURCE_ASSIGN_UUID parked until the front-end acks SHARED_OBJECT_ADD, so the guest never
/// holds a UUID that other devices cannot look up yet. An export that needs no announcement is
/// answered at once.
/// </summary>
internal sealed class PendingUuidAssignment : ParkedCommand
{
    private readonly ResourceExport _export;

    public PendingUuidAssignment(IVirtqueue queue, DescriptorChain chain, ControlHeader header, ResourceExport export)
        : base(queue, chain, header)
    {
        _export = export;
        export.WakeOnSettle(Wake);
    }

    public override bool IsAnswered => _export.State != ExportState.Announcing;

    public override (ResponseType Result, int Length) Encode(GpuState state, Span<byte> response)
    {
        if (_export.State == ExportState.Refused)
        {
            // The guest may ask again: the next attempt gets a new UUID and a new announcement.
            state.Exports.Withdraw(_export.ResourceId);
            state.Errors.Report("ResourceAssignUuid answered ErrUnspec", $"the front-end did not take shared object {_export.Uuid}");
            return (ResponseType.ErrUnspec, ControlHeader.Size);
        }
        ResourceUuidResponse.WriteUuid(response, _export.Uuid);
        return (ResponseType.OkResourceUuid, ResourceUuidResponse.Size);
    }
}
