-- needs foreign_keys off
-- shale:upgrade
CREATE TABLE departments (
    id integer NOT NULL,
    head_id integer,
    PRIMARY KEY (id)
);
CREATE TABLE employees (
    id integer NOT NULL,
    department_id integer,
    manager_id integer,
    PRIMARY KEY (id),
    CONSTRAINT fk_employees_department_id_departments FOREIGN KEY (department_id) REFERENCES departments (id),
    CONSTRAINT fk_employees_manager_id_employees FOREIGN KEY (manager_id) REFERENCES employees (id)
);
-- SQLite cannot make these changes in place; rebuilding table departments: add foreign key fk_departments_head_id_employees on departments
CREATE TABLE _shale_new_departments (
    id integer NOT NULL,
    head_id integer,
    PRIMARY KEY (id),
    CONSTRAINT fk_departments_head_id_employees FOREIGN KEY (head_id) REFERENCES employees (id)
);
INSERT INTO _shale_new_departments (id, head_id) SELECT id, head_id FROM departments;
DROP TABLE departments;
ALTER TABLE _shale_new_departments RENAME TO departments;

-- shale:downgrade
-- WARNING: destroys data: drops table employees and all its rows
DROP TABLE employees;
-- WARNING: destroys data: drops table departments and all its rows
DROP TABLE departments;
