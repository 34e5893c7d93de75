using DreamBot.Shared.Data;
using DreamBot.Shared.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DreamBot.Migrations;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting a host; no database is contacted.</summary>
public sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<DreamBotDb>
{
    public DreamBotDb CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") ?? "Host=localhost;Database=dreambot";
        var options = new DbContextOptionsBuilder<DreamBotDb>();
        DreamBotDefaults.ConfigureDatabase(options, connectionString);
        return new DreamBotDb(options.Options);
    }
}
