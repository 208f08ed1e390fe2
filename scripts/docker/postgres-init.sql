-- Runs once, when the postgres container initialises an empty data volume.
-- POSTGRES_DB creates the event store (financing); this adds the read models' database.
CREATE DATABASE financing_queries;
