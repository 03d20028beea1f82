namespace VhostGpu.Virtio;

/// <summary>VIRTIO_RING_F_EVENT_IDX arithmetic on free-running u16 ring indices (reference 5.3).</summary>
public static class EventIndex
{
    /// <summary>
    /// True when moving the index from <paramref name="oldIndex"/> to <paramref name="newIndex"/>
    /// passes <paramref name="eventIndex"/>, i.e. reaches eventIndex + 1 (Linux vring_need_event).
    /// </summary>
    public static bool NeedEvent(ushort eventIndex, ushort newIndex, ushort oldIndex) =>
        (ushort)(newIndex - eventIndex - 1) < (ushort)(newIndex - oldIndex);
}
