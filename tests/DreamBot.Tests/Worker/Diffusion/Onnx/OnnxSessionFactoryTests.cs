using DreamBot.Shared.Configuration;
using DreamBot.Worker.Diffusion.Onnx;

namespace DreamBot.Tests.Worker.Diffusion.Onnx;

public sealed class OnnxSessionFactoryTests
{
    [Fact]
    public void Auto_UsesCudaSilently_OrFallsBackToTheCpuWithExactlyOneWarning()
    {
        var logger = new CountingLogger();

        var factory = new OnnxSessionFactory(ExecutionDevice.Auto, 0, logger);

        if (factory.Device == ExecutionDevice.Cuda)
            Assert.Equal(0, logger.Warnings);
        else
            Assert.Equal((ExecutionDevice.Cpu, 1), (factory.Device, logger.Warnings));
    }

    [Fact]
    public void Cuda_EitherWorksOrSaysWhyNot()
    {
        try
        {
            Assert.Equal(ExecutionDevice.Cuda, new OnnxSessionFactory(ExecutionDevice.Cuda, 0, new CountingLogger()).Device);
        }
        catch (InvalidOperationException e)
        {
            Assert.Contains("CUDA", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Cpu_NeverTriesCuda()
    {
        var logger = new CountingLogger();

        var factory = new OnnxSessionFactory(ExecutionDevice.Cpu, 0, logger);

        Assert.Equal((ExecutionDevice.Cpu, 0), (factory.Device, logger.Warnings));
    }

    private sealed class CountingLogger : ILogger
    {
        public int Warnings { get; private set; }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
                Warnings++;
        }
    }
}
