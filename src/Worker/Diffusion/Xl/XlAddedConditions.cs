using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace DreamBot.Worker.Diffusion.Xl;

/// <summary>SDXL's <c>text_embeds</c> and <c>time_ids</c> for one generation, in the dtypes the UNet declares.</summary>
internal sealed class XlAddedConditions(OrtValue textEmbeds, OrtValue timeIds) : IDisposable
{
    public OrtValue TextEmbeds => textEmbeds;

    public OrtValue TimeIds => timeIds;

    public static XlAddedConditions Create(XlUNetInputs inputs, XlUNetSignature unet) => new(
        TensorData.FromFloats(inputs.TextEmbeds, [inputs.Batch, inputs.PooledWidth], unet.TextEmbedsType),
        TensorData.FromFloats(inputs.TimeIds, [inputs.Batch, XlUNetSignature.TimeIdCount], unet.TimeIdsType));

    public void Dispose()
    {
        textEmbeds.Dispose();
        timeIds.Dispose();
    }
}
