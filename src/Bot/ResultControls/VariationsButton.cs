using DreamBot.Bot.Intake;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>Variations: the same parameters at the next seeds (+1, +2, +3), as one batch of three.</summary>
public sealed class VariationsButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue)
    : RepeatButton(contexts, queue)
{
    public override string CustomIdPrefix => ResultButtons.Variations;

    // Image i of a batch uses seed + i, so one request with seed + 1 covers +1..+3.
    protected override (DreamParameters?, string?) Repeat(DreamParameters parent, ButtonTarget target) =>
        (parent with { Seed = (parent.Seed + 1) % (DreamLimits.MaxSeed + 1), Count = ResultButtons.VariationCount }, null);
}
