CREATE TABLE scores (
    id INTEGER NOT NULL PRIMARY KEY,
    player VARCHAR(20) NOT NULL,
    points INTEGER NOT NULL,
    CONSTRAINT scores_player_points UNIQUE (player, points)
);
