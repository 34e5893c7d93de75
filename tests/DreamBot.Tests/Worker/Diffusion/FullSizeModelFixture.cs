using DreamBot.Worker.Diffusion.Loading;
using System.Diagnostics;
using DreamBot.ModelBuilder;
using DreamBot.Shared.Configuration;
using DreamBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace DreamBot.Tests.Worker.Diffusion;

/// <summary>Writes the full-size float32 model folder once (about 4 GB) and loads it on the CPU.</summary>
public sealed class FullSizeModelFixture : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("full-size-model");

    public FullSizeModelFixture()
    {
        var stopwatch = Stopwatch.StartNew();
        TinyModelGenerator.Write(_root, TestPaths.Clip, new TinyModelOptions(FullSize: true));
        WriteTime = stopwatch.Elapsed;
        Model = StableDiffusionModel.Load(_root, ExecutionDevice.Cpu, 0, NullLogger.Instance);
        LoadTime = stopwatch.Elapsed - WriteTime;
    }

    public StableDiffusionModel Model { get; }

    public TimeSpan WriteTime { get; }

    public TimeSpan LoadTime { get; }

    public void Dispose()
    {
        Model.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
