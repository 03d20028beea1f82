namespace VhostGpu.Gpu.Commands;

/// <summary>Cursor coordinates are u32 on the wire and int for displays; far-off values stay far off instead of turning negative.</summary>
internal static class CursorPosition
{
    public static int Clamp(uint coordinate) => (int)Math.Min(coordinate, int.MaxValue);
}
