using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <summary>
    /// One parameters shape: guidance and strength become double precision (rounded to the 6 digits a real holds, so
    /// a stored 0.7 reads back as 0.7 and runs diffusers' int(steps × 0.7) steps), and a server's caps become
    /// overrides: a cap equal to the standard becomes NULL (it follows the standard), one above the hard limit is
    /// lowered to it, and max_width × max_height becomes one square side. The stats covering indexes stay as they are.
    /// </summary>
    public partial class OneParametersShape : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE dreambot.generations
                    ALTER COLUMN guidance TYPE double precision USING round(guidance::numeric, 6)::double precision,
                    ALTER COLUMN strength TYPE double precision USING round(strength::numeric, 6)::double precision;
                ALTER TABLE dreambot.user_preferences
                    ALTER COLUMN guidance TYPE double precision USING round(guidance::numeric, 6)::double precision;
                """);

            migrationBuilder.AddColumn<int>(
                name: "max_side",
                schema: "dreambot",
                table: "guild_settings",
                type: "integer",
                nullable: true);
            migrationBuilder.AlterColumn<int>(name: "max_steps", schema: "dreambot", table: "guild_settings", type: "integer", nullable: true, oldClrType: typeof(int), oldType: "integer");
            migrationBuilder.AlterColumn<int>(name: "max_queued_per_user", schema: "dreambot", table: "guild_settings", type: "integer", nullable: true, oldClrType: typeof(int), oldType: "integer");
            migrationBuilder.AlterColumn<int>(name: "max_count", schema: "dreambot", table: "guild_settings", type: "integer", nullable: true, oldClrType: typeof(int), oldType: "integer");
            migrationBuilder.Sql("""
                UPDATE dreambot.guild_settings SET
                    max_side = NULLIF(LEAST(1024, GREATEST(256, floor(sqrt(max_width::double precision * max_height) / 64)::int * 64)), 768),
                    max_steps = NULLIF(LEAST(max_steps, 150), 50),
                    max_count = NULLIF(LEAST(max_count, 4), 4),
                    max_queued_per_user = NULLIF(LEAST(max_queued_per_user, 20), 2);
                """);
            migrationBuilder.DropColumn(name: "max_height", schema: "dreambot", table: "guild_settings");
            migrationBuilder.DropColumn(name: "max_width", schema: "dreambot", table: "guild_settings");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(name: "max_width", schema: "dreambot", table: "guild_settings", type: "integer", nullable: false, defaultValue: 768);
            migrationBuilder.AddColumn<int>(name: "max_height", schema: "dreambot", table: "guild_settings", type: "integer", nullable: false, defaultValue: 768);
            migrationBuilder.Sql("""
                UPDATE dreambot.guild_settings SET
                    max_width = COALESCE(max_side, 768), max_height = COALESCE(max_side, 768),
                    max_steps = COALESCE(max_steps, 50), max_count = COALESCE(max_count, 4),
                    max_queued_per_user = COALESCE(max_queued_per_user, 2);
                """);
            migrationBuilder.DropColumn(name: "max_side", schema: "dreambot", table: "guild_settings");
            migrationBuilder.AlterColumn<int>(name: "max_steps", schema: "dreambot", table: "guild_settings", type: "integer", nullable: false, oldClrType: typeof(int), oldType: "integer", oldNullable: true);
            migrationBuilder.AlterColumn<int>(name: "max_queued_per_user", schema: "dreambot", table: "guild_settings", type: "integer", nullable: false, oldClrType: typeof(int), oldType: "integer", oldNullable: true);
            migrationBuilder.AlterColumn<int>(name: "max_count", schema: "dreambot", table: "guild_settings", type: "integer", nullable: false, oldClrType: typeof(int), oldType: "integer", oldNullable: true);
            migrationBuilder.Sql("""
                ALTER TABLE dreambot.generations ALTER COLUMN guidance TYPE real, ALTER COLUMN strength TYPE real;
                ALTER TABLE dreambot.user_preferences ALTER COLUMN guidance TYPE real;
                """);
        }
    }
}
