-- Add down migration script here
DROP TABLE product_tags;
DROP TABLE tags;
