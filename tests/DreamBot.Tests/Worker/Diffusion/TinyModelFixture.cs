using DreamBot.Worker.Diffusion.Loading;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>Generates the tiny model variants once for all diffusion tests and loads each on the CPU on first use.</summary>
public sealed class TinyModelFixture : IDisposable
{
    public static readonly TinyModelOptions Float32 = new(SafetyChecker: true);
    public static readonly TinyModelOptions Float16 = new(Float16: true, FloatTimestep: true);
    public static readonly TinyModelOptions FloatTimestepNoEncoder = new(FloatTimestep: true, VaeEncoder: false, Int64InputIds: true, Seed: 2);

    private readonly string _root = TestPaths.NewTempDirectory("tiny-models");
    private readonly Dictionary<TinyModelOptions, (string Path, StableDiffusionModel Model)> _models = [];
    private readonly Lock _lock = new();

    public string Write(TinyModelOptions options)
    {
        var path = Path.Combine(_root, Guid.NewGuid().ToString("N"));
        TinyModelGenerator.Write(path, TestPaths.Clip, options);
        return path;
    }

    public StableDiffusionModel Model(TinyModelOptions options) => Entry(options).Model;

    public string PathOf(TinyModelOptions options) => Entry(options).Path;

    public void Dispose()
    {
        foreach (var (_, model) in _models.Values)
            model.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private (string Path, StableDiffusionModel Model) Entry(TinyModelOptions options)
    {
        lock (_lock)
        {
            if (!_models.TryGetValue(options, out var entry))
            {
                var path = Write(options);
                entry = (path, StableDiffusionModel.Load(path, ExecutionDevice.Cpu, 0, NullLogger.Instance));
                _models[options] = entry;
            }
            return entry;
        }
    }
}
