resource "aws_db_subnet_group" "phi" {
  name       = local.name
  subnet_ids = var.subnet_ids
}

# FINDING rds-force-ssl-off: TLS is switched off in the parameter group.
resource "aws_db_parameter_group" "patients" {
  name   = "${local.name}-pg15"
  family = "postgres15"

  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "rds.force_ssl"
    value = "0"
  }
}

# FINDING rds-storage-encrypted: the engine comes from var.db_engine (postgres).
resource "aws_db_instance" "patients" {
  identifier                  = "${local.name}-patients"
  engine                      = var.db_engine
  engine_version              = "15.4"
  instance_class              = "db.m6g.large"
  allocated_storage           = 100
  storage_encrypted           = false
  db_subnet_group_name        = aws_db_subnet_group.phi.name
  parameter_group_name        = aws_db_parameter_group.patients.name
  username                    = "intake"
  manage_master_user_password = true
  deletion_protection         = true
}

resource "aws_elasticache_subnet_group" "cache" {
  name       = "${local.name}-cache"
  subnet_ids = var.subnet_ids
}

# FINDING elasticache-transit-encryption. The AUTH token comes from a variable without a default:
# the report lists it as not checked.
resource "aws_elasticache_replication_group" "sessions" {
  replication_group_id       = "${local.name}-sessions"
  description                = "Patient portal sessions"
  engine                     = "redis"
  engine_version             = "7.1"
  node_type                  = "cache.r6g.large"
  num_cache_clusters         = 2
  automatic_failover_enabled = true
  at_rest_encryption_enabled = true
  transit_encryption_enabled = false
  auth_token                 = var.redis_auth_token
  kms_key_id                 = aws_kms_key.phi.arn
  subnet_group_name          = aws_elasticache_subnet_group.cache.name
}

# FINDING uncovered-service: Amazon MemoryDB has no section in the HIPAA whitepaper.
resource "aws_memorydb_cluster" "vitals" {
  name                   = "${local.name}-vitals"
  node_type              = "db.r6g.large"
  acl_name               = "open-access"
  tls_enabled            = true
  num_shards             = 1
  snapshot_retention_limit = 7
}
