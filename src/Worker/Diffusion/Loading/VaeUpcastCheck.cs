using DreamBot.Worker.Diffusion.Components;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion.Loading;

/// <summary>
/// A VAE whose config sets <c>force_upcast</c> (SDXL's) overflows in float16: diffusers decodes it in float32. An ONNX
/// graph's precision is fixed at export, so a float16 decoder runs as exported and the load says what to expect.
/// </summary>
internal static partial class VaeUpcastCheck
{
    public static void Warn(ModelFolder folder, VaeDecoder decoder, ILogger logger)
    {
        if (folder.VaeForceUpcast && decoder.ElementType == TensorElementType.Float16)
            LogFloat16Vae(logger, folder.Name, folder.VaeConfig);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Model}: {Config} sets force_upcast (this VAE overflows in float16; diffusers decodes it in float32) but vae_decoder is float16, so images may come out black or blotchy. Use a float32 vae_decoder or one exported from madebyollin/sdxl-vae-fp16-fix.")]
    private static partial void LogFloat16Vae(ILogger logger, string model, string config);
}
