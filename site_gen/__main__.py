from site_gen.cli import run

run()
