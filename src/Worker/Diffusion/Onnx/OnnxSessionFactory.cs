using DreamBot.Worker.Diffusion.Loading;
using DreamBot.Shared.Configuration;
using Microsoft.ML.OnnxRuntime;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace DreamBot.Worker.Diffusion.Onnx;

/// <summary>
/// Chooses the execution provider once per model and creates every session with it. <see cref="ExecutionDevice.Auto"/>
/// tries CUDA and falls back to the CPU with one warning, so a machine without CUDA libraries still works.
/// </summary>
public sealed partial class OnnxSessionFactory
{
    private readonly int _deviceId;
    private readonly IReadOnlyDictionary<string, string> _cudaOptions;

    public OnnxSessionFactory(ExecutionDevice device, int deviceId, ILogger logger, IReadOnlyDictionary<string, string>? cudaOptions = null)
    {
        _deviceId = deviceId;
        _cudaOptions = cudaOptions ?? new Dictionary<string, string>();
        Device = device switch
        {
            ExecutionDevice.Cpu => ExecutionDevice.Cpu,
            ExecutionDevice.Cuda => ProbeCuda(out var error) ? ExecutionDevice.Cuda
                : throw new InvalidOperationException($"CUDA execution provider unavailable on device {deviceId}: {error}"),
            _ => ProbeCuda(out var reason) ? ExecutionDevice.Cuda : FallBack(logger, reason),
        };
        DeviceMemory = Device == ExecutionDevice.Cuda
            ? new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, deviceId, OrtMemType.Default)
            : OrtMemoryInfo.DefaultInstance;
    }

    /// <summary>The provider actually in use: Cuda or Cpu.</summary>
    public ExecutionDevice Device { get; }

    /// <summary>Where tensors that stay on the device between calls (text embeddings) are kept.</summary>
    public OrtMemoryInfo DeviceMemory { get; }

    /// <summary>Creates a session for <paramref name="modelPath"/>; ORT finds external weight files relative to it.</summary>
    public InferenceSession Create(string modelPath)
    {
        if (!File.Exists(modelPath))
            throw new ModelFolderException(modelPath, "missing");
        using var options = CreateOptions();
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFolderException(modelPath, "not a loadable ONNX model: " + FirstLine(e.Message), e);
        }
    }

    /// <summary>
    /// A session for <paramref name="model"/>, the rewritten bytes of the file at <paramref name="modelPath"/>; external
    /// weight files are still found beside that file.
    /// </summary>
    public InferenceSession Create(string modelPath, byte[] model)
    {
        using var options = CreateOptions();
        options.AddSessionConfigEntry("session.model_external_initializers_file_folder_path", Path.GetDirectoryName(Path.GetFullPath(modelPath))!);
        try
        {
            return new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelFolderException(modelPath, "not a loadable ONNX model: " + FirstLine(e.Message), e);
        }
    }

    private SessionOptions CreateOptions()
    {
        var options = Device == ExecutionDevice.Cuda ? CudaSessionOptions() : new SessionOptions();
        options.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL;
        options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
        // Spinning intra-op threads would keep the cores busy between runs and starve the scheduler step that follows.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    private SessionOptions CudaSessionOptions()
    {
        using var cuda = new OrtCUDAProviderOptions();
        var settings = new Dictionary<string, string>(_cudaOptions, StringComparer.Ordinal)
        {
            ["device_id"] = _deviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        cuda.UpdateOptions(settings);
        return SessionOptions.MakeSessionOptionWithCudaProvider(cuda);
    }

    private bool ProbeCuda(out string reason)
    {
        if (!OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            reason = "this ONNX Runtime build has no CUDA provider";
            return false;
        }
        // ORT logs a failed provider load itself, in colour, on stderr; our one warning line says it better.
        var environment = OrtEnv.Instance();
        var level = environment.EnvLogLevel;
        environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL;
        try
        {
            // Appending the provider loads the CUDA libraries; a missing or mismatched CUDA install fails here.
            using var probe = CudaSessionOptions();
            reason = "";
            return true;
        }
        catch (OnnxRuntimeException e)
        {
            reason = FirstLine(e.Message);
            return false;
        }
        finally
        {
            environment.EnvLogLevel = level;
        }
    }

    private static ExecutionDevice FallBack(ILogger logger, string reason)
    {
        LogCudaFallback(logger, reason);
        return ExecutionDevice.Cpu;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    [LoggerMessage(Level = LogLevel.Warning, Message = "CUDA is unavailable ({Reason}); running Stable Diffusion on the CPU")]
    private static partial void LogCudaFallback(ILogger logger, string reason);
}
