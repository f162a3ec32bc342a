"""Site-chrome removal and scrape-glue repair for the boilerplate stage."""
