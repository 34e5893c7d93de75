namespace DreamBot.ModelBuilder;

/// <summary>
/// The graph-edge facts an exporter writes, as read from the exporters: diffusers'
/// scripts/convert_stable_diffusion_checkpoint_to_onnx.py (dynamic_axes named batch/channels/height/width/sequence,
/// int32 input_ids, timestep torch.LongTensor then torch.randn, UNet weights in weights.pb, no config.json beside the
/// graphs) and Optimum's exporters/onnx/model_configs.py (UNetOnnxConfig, VaeEncoderOnnxConfig, VaeDecoderOnnxConfig,
/// CLIPTextOnnxConfig; a config.json beside every graph, weights in model.onnx_data).
/// </summary>
internal sealed record LayoutShapes(
    string Batch,
    object SampleChannels,
    object LatentChannels,
    object HiddenSize,
    bool Int64Ids,
    bool FloatTimestep,
    object[] TimestepDims,
    bool SampleInVaeEncoder,
    bool LatentParameters,
    bool ComponentConfigs,
    string UNetWeightsFile,
    string PipelineClass)
{
    public static LayoutShapes For(TinyModelOptions options, int latentChannels, int hiddenSize)
    {
        var shapes = options.Layout switch
        {
            ExportLayout.DiffusersScriptOld => Script(latentChannels, hiddenSize) with
            {
                FloatTimestep = false, PipelineClass = "StableDiffusionOnnxPipeline",
            },
            ExportLayout.DiffusersScript => Script(latentChannels, hiddenSize),
            ExportLayout.OptimumOld => new LayoutShapes("batch_size", "num_channels", "num_channels_latent", "feature_dim",
                Int64Ids: false, FloatTimestep: false, ["steps"], SampleInVaeEncoder: true, LatentParameters: false,
                ComponentConfigs: true, "model.onnx_data", "StableDiffusionPipeline"),
            ExportLayout.Optimum => new LayoutShapes("batch_size", latentChannels, latentChannels, hiddenSize,
                Int64Ids: true, FloatTimestep: true, [], SampleInVaeEncoder: false, LatentParameters: true,
                ComponentConfigs: true, "model.onnx_data", "StableDiffusionPipeline"),
            _ => new LayoutShapes("batch_size", latentChannels, latentChannels, hiddenSize,
                Int64Ids: false, FloatTimestep: false, ["steps"], SampleInVaeEncoder: false, LatentParameters: false,
                ComponentConfigs: false, "model.onnx_data", "OnnxStableDiffusionPipeline"),
        };
        return shapes with
        {
            SampleChannels = shapes.SampleChannels is int ? options.Family.UNetInChannels(latentChannels) : shapes.SampleChannels,
            PipelineClass = options.Family == ModelFamily.Inpaint ? InpaintPipelineClass(options.Layout) : shapes.PipelineClass,
            Int64Ids = shapes.Int64Ids || options.Int64InputIds,
            FloatTimestep = options.FloatTimestep ?? shapes.FloatTimestep,
            TimestepDims = options.TimestepLength switch
            {
                null => shapes.TimestepDims,
                0 => [],
                var length => [(long)length],
            },
        };
    }

    // Optimum saves the diffusers pipeline's own class; the ONNX exports name diffusers' ONNX inpaint pipeline.
    private static string InpaintPipelineClass(ExportLayout layout) =>
        layout is ExportLayout.Optimum or ExportLayout.OptimumOld ? "StableDiffusionInpaintPipeline" : "OnnxStableDiffusionInpaintPipeline";

    private static LayoutShapes Script(int latentChannels, int hiddenSize) =>
        new("batch", "channels", "channels", hiddenSize, Int64Ids: false, FloatTimestep: true, ["batch"],
            SampleInVaeEncoder: true, LatentParameters: false, ComponentConfigs: false, "weights.pb", "OnnxStableDiffusionPipeline");
}
