-- Runs once, on an empty data volume: the `demo` profile's API keeps its simulated shop in a
-- database of its own, away from real incidents.
CREATE DATABASE rootline_demo OWNER rootline;
