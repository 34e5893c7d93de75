namespace DreamBot.Worker.Diffusion.Onnx;

/// <summary>One node of an ONNX graph and where its NodeProto lies in the model file (tag, content, end).</summary>
public sealed record OnnxNodeInfo(string OpType, string[] Inputs, string[] Outputs, long TagStart, long ContentStart, long End);
