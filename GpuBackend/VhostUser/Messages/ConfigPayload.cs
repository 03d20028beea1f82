using System.Buffers.Binary;

namespace VhostGpu.VhostUser.Messages;

/// <summary>
/// GET_CONFIG / SET_CONFIG (VhostUserConfig): a window of the device's config space.
/// <code>
/// 0        4        8        12            12+size
/// +--------+--------+--------+-------------+
/// | offset |  size  | flags  | data[size]  |   size ≤ 256
/// +--------+--------+--------+-------------+
/// flags: 0 written by the front-end, 1 migration
/// </code>
/// </summary>
public readonly ref struct ConfigPayload
{
    public const int HeaderSize = 12;
    public const int MaxDataSize = 256;

    public ConfigPayload(uint offset, uint flags, ReadOnlySpan<byte> data)
    {
        Offset = offset;
        Flags = flags;
        Data = data;
    }

    public uint Offset { get; }

    public uint Flags { get; }

    public ReadOnlySpan<byte> Data { get; }

    public int Length => HeaderSize + Data.Length;

    public static bool TryRead(ReadOnlySpan<byte> source, out ConfigPayload value, out string? error)
    {
        value = default;
        if (source.Length < HeaderSize)
        {
            error = $"config message of {source.Length} bytes";
            return false;
        }
        uint offset = BinaryPrimitives.ReadUInt32LittleEndian(source);
        uint size = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(source[8..]);
        if (size > MaxDataSize || source.Length != HeaderSize + (int)size)
        {
            error = $"config message announces {size} data bytes but carries {source.Length - HeaderSize}";
            return false;
        }
        error = null;
        value = new ConfigPayload(offset, flags, source.Slice(HeaderSize, (int)size));
        return true;
    }

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)Data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], Flags);
        Data.CopyTo(destination[HeaderSize..]);
    }
}
