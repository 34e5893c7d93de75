using System.Globalization;
using Parquet;

namespace DreamBot.Worker.Dataset;

/// <summary>
/// Writes rows into Parquet shards of at most <c>shardSize</c> rows, one row group per
/// <see cref="RowGroupRows"/> rows (fewer when the images are large), so memory holds one row group. The shards are
/// named <c>train-00000-of-00003.parquet</c> once the count is known: the layout <c>datasets</c> reads as the
/// train split.
/// </summary>
public sealed class DatasetShards(string dataDirectory, int shardSize) : IAsyncDisposable
{
    public const int RowGroupRows = 100;
    public const long RowGroupBytes = 64L << 20;

    // No timestamps, no random ids: the same rows give the same bytes.
    private static readonly ParquetOptions Options = new() { MaximumSmallPoolFreeBytes = 16 << 20, MaximumLargePoolFreeBytes = (int)RowGroupBytes };

    private readonly List<DatasetRow> _buffer = [];
    private long _bufferBytes;
    private int _shardRows;
    private FileStream? _file;
    private ParquetWriter? _writer;

    public int Rows { get; private set; }
    public int Shards { get; private set; }

    public async Task AddAsync(DatasetRow row, CancellationToken cancellationToken)
    {
        _buffer.Add(row);
        _bufferBytes += row.Png.Length;
        Rows++;
        if (_buffer.Count >= RowGroupRows || _bufferBytes >= RowGroupBytes || _shardRows + _buffer.Count == shardSize)
            await FlushAsync(cancellationToken);
    }

    /// <summary>Writes what is buffered, closes the last shard and gives every shard its final name; returns the names.</summary>
    public async Task<IReadOnlyList<string>> CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        // An empty export still has one shard, so the schema (and the card's data_files) describe something.
        if (Shards == 0)
            await OpenShardAsync(cancellationToken);
        await CloseShardAsync();
        var names = new List<string>();
        for (var i = 0; i < Shards; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"train-{i:D5}-of-{Shards:D5}.parquet");
            File.Move(PartialPath(i), Path.Combine(dataDirectory, name));
            names.Add(name);
        }
        return names;
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0)
            return;
        if (_writer is null)
            await OpenShardAsync(cancellationToken);
        await DatasetRowGroup.WriteAsync(_writer!, _buffer, cancellationToken);
        _shardRows += _buffer.Count;
        _buffer.Clear();
        _bufferBytes = 0;
        if (_shardRows >= shardSize)
            await CloseShardAsync();
    }

    private async Task OpenShardAsync(CancellationToken cancellationToken)
    {
        _file = new FileStream(PartialPath(Shards), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        _writer = await ParquetWriter.CreateAsync(DatasetSchema.Parquet, _file, Options, cancellationToken: cancellationToken);
        _writer.CustomMetadata = new Dictionary<string, string> { [DatasetSchema.FeaturesKey] = DatasetSchema.FeaturesJson() };
        _shardRows = 0;
        Shards++;
    }

    private async Task CloseShardAsync()
    {
        if (_writer is not null)
            await _writer.DisposeAsync();
        if (_file is not null)
            await _file.DisposeAsync();
        _writer = null;
        _file = null;
    }

    private string PartialPath(int shard) => Path.Combine(dataDirectory, string.Create(CultureInfo.InvariantCulture, $"train-{shard:D5}.partial"));

    public async ValueTask DisposeAsync() => await CloseShardAsync();
}
