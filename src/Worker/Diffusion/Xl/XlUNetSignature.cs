using DreamBot.Worker.Diffusion.Onnx;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DreamBot.Worker.Diffusion.Xl;

/// <summary>
/// The SDXL UNet's added-conditioning inputs, as Optimum's UNetOnnxConfig declares them: <c>text_embeds</c> [batch,
/// pooled width] and <c>time_ids</c> [batch, 6]. Their dtypes are whatever the export wrote (float or float16).
/// </summary>
internal sealed record XlUNetSignature(TensorElementType TextEmbedsType, int? PooledWidth, TensorElementType TimeIdsType)
{
    public const string TextEmbeds = "text_embeds";
    public const string TimeIds = "time_ids";
    public const int TimeIdCount = 6;

    /// <summary>Null for a UNet without <c>text_embeds</c> (Stable Diffusion 1.x/2.x).</summary>
    public static XlUNetSignature? Read(InferenceSession session, GraphSignature signature)
    {
        if (!session.InputMetadata.ContainsKey(TextEmbeds))
            return null;
        var pooled = signature.Input(TextEmbeds, 2, GraphSignature.FloatTypes);
        var timeIds = signature.Input(TimeIds, 2, GraphSignature.FloatTypes);
        // Six ids: original size, crop, target size. The refiner's aesthetic-score ids (five) are not implemented.
        signature.RequireDim(timeIds, TimeIds, 1, TimeIdCount);
        return new XlUNetSignature(pooled.ElementDataType, GraphSignature.FixedDim(pooled, 1), timeIds.ElementDataType);
    }
}
