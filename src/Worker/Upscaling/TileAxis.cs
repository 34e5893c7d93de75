namespace DreamBot.Worker.Upscaling;

/// <summary>
/// Where the tiles of one image axis start, and how much each one counts where it overlaps its predecessor. Tiles are
/// <c>tile</c> long and advance by <c>tile - overlap</c>; the last is moved back to end at the edge, so no tile reaches
/// past the image (whose border the model then treats as it would untiled). Across each overlap the next tile takes over
/// along a ramp over the overlap's middle half: its outer quarters, where a tile sees a truncated neighbourhood, are
/// never used, so a model whose receptive field reaches less than a quarter of the overlap gives the untiled result.
/// </summary>
public sealed class TileAxis
{
    private readonly int[] _starts;
    private readonly int _tile;

    public TileAxis(int length, int tile, int overlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tile, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(overlap);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(overlap, tile);
        Length = length;
        _tile = Math.Min(tile, length);
        var starts = new List<int> { 0 };
        while (starts[^1] + _tile < length)
            starts.Add(Math.Min(starts[^1] + _tile - overlap, length - _tile));
        _starts = [.. starts];
    }

    public int Length { get; }

    /// <summary>The length of every tile: the requested one, or the whole axis when that is shorter.</summary>
    public int Tile => _tile;

    public IReadOnlyList<int> Starts => _starts;

    /// <summary>
    /// The weight of tile <paramref name="index"/> at <paramref name="position"/> (in output pixels, <paramref name="scale"/>
    /// per input pixel): 0 where its predecessor keeps the value, 1 where this tile alone decides, a ramp between.
    /// </summary>
    public float Weight(int index, int position, int scale)
    {
        if (index == 0)
            return 1f;
        var overlapStart = _starts[index] * scale;
        var overlapEnd = (_starts[index - 1] + _tile) * scale;
        var quarter = (overlapEnd - overlapStart) / 4;
        var rampStart = overlapStart + quarter;
        var rampEnd = overlapEnd - quarter;
        if (position < rampStart)
            return 0f;
        if (position >= rampEnd)
            return 1f;
        return (position - rampStart + 0.5f) / (rampEnd - rampStart);
    }
}
