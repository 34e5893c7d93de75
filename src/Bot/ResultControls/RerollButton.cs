using DreamBot.Bot.Intake;
using DreamBot.Shared.Data;
using DreamBot.Shared.Domain;
using Microsoft.EntityFrameworkCore;

namespace DreamBot.Bot.ResultControls;

/// <summary>Reroll: the same parameters with a new random seed.</summary>
public sealed class RerollButton(IDbContextFactory<DreamBotDb> contexts, IDreamQueue queue)
    : RepeatButton(contexts, queue)
{
    public override string CustomIdPrefix => ResultButtons.Reroll;

    protected override (DreamParameters?, string?) Repeat(DreamParameters parent, ButtonTarget target) =>
        (parent with { Seed = DreamParameters.NewSeed(Random.Shared) }, null);
}
