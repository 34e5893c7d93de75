using System.Text.Json.Nodes;

namespace DreamBot.Tests.Fakes.Gateway;

/// <summary>A session on the fake gateway: its dispatches by sequence number, so a RESUME can replay what was missed.</summary>
public sealed class FakeGatewaySession(string id)
{
    private readonly List<JsonObject> _history = [];

    public string Id { get; } = id;
    public FakeGatewayConnection? Connection { get; set; }

    public long Sequence { get; private set; }

    public JsonObject Append(string eventName, JsonNode data)
    {
        lock (_history)
        {
            var message = new JsonObject { ["op"] = 0, ["s"] = ++Sequence, ["t"] = eventName, ["d"] = data.DeepClone() };
            _history.Add(message);
            return message;
        }
    }

    public IReadOnlyList<JsonObject> After(long sequence)
    {
        lock (_history)
            return [.. _history.Where(m => m["s"]!.GetValue<long>() > sequence).Select(m => (JsonObject)m.DeepClone())];
    }
}
