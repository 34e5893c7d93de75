using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DreamBot.Migrations.Migrations
{
    /// <summary>
    /// Workers publish each model's default width and height (the size it was trained at) and its largest side. Rows
    /// written before have none, so /dream keeps the server's defaults for them until their worker next starts.
    /// </summary>
    public partial class ServedModelSizes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "default_height",
                schema: "dreambot",
                table: "served_models",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "default_width",
                schema: "dreambot",
                table: "served_models",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "max_side",
                schema: "dreambot",
                table: "served_models",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "default_height",
                schema: "dreambot",
                table: "served_models");

            migrationBuilder.DropColumn(
                name: "default_width",
                schema: "dreambot",
                table: "served_models");

            migrationBuilder.DropColumn(
                name: "max_side",
                schema: "dreambot",
                table: "served_models");
        }
    }
}
