/**
 * AWS Security Hub Foundational Security Best Practices (FSBP) controls that evaluate a resource
 * type this platform emits, from the Security Hub control reference. Facts only: control id, its
 * title, the Terraform types that configure what it checks, and its documentation page.
 */
import type { StandardCheck } from "./types";

export const FSBP_CONTROLS: readonly StandardCheck[] = [
  // ACM (AWS::ACM::Certificate)
  { id: "ACM.1", title: "Imported and ACM-issued certificates should be renewed after a specified time period", resourceTypes: ["aws_acm_certificate"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/acm-controls.html#acm-1" },
  { id: "ACM.2", title: "RSA certificates managed by ACM should use a key length of at least 2,048 bits", resourceTypes: ["aws_acm_certificate"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/acm-controls.html#acm-2" },

  // CloudFront (AWS::CloudFront::Distribution)
  { id: "CloudFront.1", title: "CloudFront distributions should have a default root object configured", resourceTypes: ["aws_cloudfront_distribution"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-1" },
  { id: "CloudFront.3", title: "CloudFront distributions should require encryption in transit", resourceTypes: ["aws_cloudfront_distribution"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-3" },
  { id: "CloudFront.4", title: "CloudFront distributions should have origin failover configured", resourceTypes: ["aws_cloudfront_distribution"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-4" },
  { id: "CloudFront.5", title: "CloudFront distributions should have logging enabled", resourceTypes: ["aws_cloudfront_distribution"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-5" },
  { id: "CloudFront.6", title: "CloudFront distributions should have WAF enabled", resourceTypes: ["aws_cloudfront_distribution", "aws_wafv2_web_acl"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-6" },
  { id: "CloudFront.7", title: "CloudFront distributions should use custom SSL/TLS certificates", resourceTypes: ["aws_cloudfront_distribution", "aws_acm_certificate"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-7" },
  { id: "CloudFront.8", title: "CloudFront distributions should use SNI to serve HTTPS requests", resourceTypes: ["aws_cloudfront_distribution"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-8" },
  { id: "CloudFront.9", title: "CloudFront distributions should encrypt traffic to custom origins", resourceTypes: ["aws_cloudfront_distribution"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-9" },
  { id: "CloudFront.10", title: "CloudFront distributions should not use deprecated SSL protocols between edge locations and custom origins", resourceTypes: ["aws_cloudfront_distribution"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-10" },
  { id: "CloudFront.12", title: "CloudFront distributions should not point to non-existent S3 origins", resourceTypes: ["aws_cloudfront_distribution", "aws_s3_bucket"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-12" },
  { id: "CloudFront.13", title: "CloudFront distributions should use origin access control", resourceTypes: ["aws_cloudfront_distribution", "aws_cloudfront_origin_access_control"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-13" },
  { id: "CloudFront.15", title: "CloudFront distributions should use the recommended TLS security policy", resourceTypes: ["aws_cloudfront_distribution"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-15" },
  { id: "CloudFront.16", title: "CloudFront distributions should use origin access control for Lambda function URL origins", resourceTypes: ["aws_cloudfront_distribution", "aws_cloudfront_origin_access_control"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/cloudfront-controls.html#cloudfront-16" },

  // DynamoDB (AWS::DynamoDB::Table)
  { id: "DynamoDB.1", title: "DynamoDB tables should automatically scale capacity with demand", resourceTypes: ["aws_dynamodb_table", "aws_appautoscaling_target", "aws_appautoscaling_policy"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-1" },
  { id: "DynamoDB.2", title: "DynamoDB tables should have point-in-time recovery enabled", resourceTypes: ["aws_dynamodb_table"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-2" },
  { id: "DynamoDB.6", title: "DynamoDB tables should have deletion protection enabled", resourceTypes: ["aws_dynamodb_table"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/dynamodb-controls.html#dynamodb-6" },

  // EC2 (AWS::EC2::SecurityGroup, AWS::EC2::VPC, AWS::EC2::Subnet)
  { id: "EC2.2", title: "VPC default security groups should not allow inbound or outbound traffic", resourceTypes: ["aws_default_security_group", "aws_vpc"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2" },
  { id: "EC2.6", title: "VPC flow logging should be enabled in all VPCs", resourceTypes: ["aws_vpc", "aws_flow_log"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6" },
  { id: "EC2.10", title: "Amazon EC2 should be configured to use VPC endpoints that are created for the Amazon EC2 service", resourceTypes: ["aws_vpc", "aws_vpc_endpoint"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-10" },
  { id: "EC2.15", title: "Amazon EC2 subnets should not automatically assign public IP addresses", resourceTypes: ["aws_subnet"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-15" },
  { id: "EC2.18", title: "Security groups should only allow unrestricted incoming traffic for authorized ports", resourceTypes: ["aws_security_group", "aws_default_security_group", "aws_vpc_security_group_ingress_rule"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18" },
  { id: "EC2.19", title: "Security groups should not allow unrestricted access to ports with high risk", resourceTypes: ["aws_security_group", "aws_default_security_group", "aws_vpc_security_group_ingress_rule"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19" },
  { id: "EC2.55", title: "VPCs should be configured with an interface endpoint for ECR API", resourceTypes: ["aws_vpc", "aws_vpc_endpoint"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-55" },
  { id: "EC2.56", title: "VPCs should be configured with an interface endpoint for Docker Registry", resourceTypes: ["aws_vpc", "aws_vpc_endpoint"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-56" },
  { id: "EC2.57", title: "VPCs should be configured with an interface endpoint for Systems Manager", resourceTypes: ["aws_vpc", "aws_vpc_endpoint"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-57" },
  { id: "EC2.58", title: "VPCs should be configured with an interface endpoint for Systems Manager Incident Manager Contacts", resourceTypes: ["aws_vpc", "aws_vpc_endpoint"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-58" },
  { id: "EC2.60", title: "VPCs should be configured with an interface endpoint for Systems Manager Incident Manager", resourceTypes: ["aws_vpc", "aws_vpc_endpoint"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-60" },

  // ECR (AWS::ECR::Repository)
  { id: "ECR.1", title: "ECR private repositories should have image scanning configured", resourceTypes: ["aws_ecr_repository"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-1" },
  { id: "ECR.2", title: "ECR private repositories should have tag immutability configured", resourceTypes: ["aws_ecr_repository"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-2" },
  { id: "ECR.3", title: "ECR repositories should have at least one lifecycle policy configured", resourceTypes: ["aws_ecr_repository", "aws_ecr_lifecycle_policy"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-3" },

  // ECS (AWS::ECS::TaskDefinition, AWS::ECS::Service, AWS::ECS::Cluster)
  { id: "ECS.1", title: "Amazon ECS task definitions should have secure networking modes and user definitions", resourceTypes: ["aws_ecs_task_definition"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-1" },
  { id: "ECS.2", title: "ECS services should not have public IP addresses assigned to them automatically", resourceTypes: ["aws_ecs_service"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-2" },
  { id: "ECS.3", title: "ECS task definitions should not share the host's process namespace", resourceTypes: ["aws_ecs_task_definition"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-3" },
  { id: "ECS.4", title: "ECS containers should run as non-privileged", resourceTypes: ["aws_ecs_task_definition"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-4" },
  { id: "ECS.5", title: "ECS containers should be limited to read-only access to root filesystems", resourceTypes: ["aws_ecs_task_definition"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-5" },
  { id: "ECS.8", title: "Secrets should not be passed as container environment variables", resourceTypes: ["aws_ecs_task_definition"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-8" },
  { id: "ECS.9", title: "ECS task definitions should have a logging configuration", resourceTypes: ["aws_ecs_task_definition"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-9" },
  { id: "ECS.10", title: "ECS Fargate services should run on the latest Fargate platform version", resourceTypes: ["aws_ecs_service"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-10" },
  { id: "ECS.12", title: "ECS clusters should use Container Insights", resourceTypes: ["aws_ecs_cluster"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/ecs-controls.html#ecs-12" },

  // EFS (AWS::EFS::FileSystem, AWS::EFS::AccessPoint)
  { id: "EFS.1", title: "Elastic File System should be configured to encrypt file data at-rest using AWS KMS", resourceTypes: ["aws_efs_file_system"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-1" },
  { id: "EFS.2", title: "Amazon EFS volumes should be in backup plans", resourceTypes: ["aws_efs_file_system", "aws_efs_backup_policy"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-2" },
  { id: "EFS.3", title: "EFS access points should enforce a root directory", resourceTypes: ["aws_efs_access_point"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-3" },
  { id: "EFS.4", title: "EFS access points should enforce a user identity", resourceTypes: ["aws_efs_access_point"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-4" },
  { id: "EFS.6", title: "EFS mount targets should not be associated with subnets that assign public IP addresses on launch", resourceTypes: ["aws_efs_mount_target", "aws_subnet"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-6" },
  { id: "EFS.7", title: "EFS file systems should have automatic backups enabled", resourceTypes: ["aws_efs_file_system", "aws_efs_backup_policy"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-7" },
  { id: "EFS.8", title: "EFS file systems should be encrypted at rest", resourceTypes: ["aws_efs_file_system"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/efs-controls.html#efs-8" },

  // ElastiCache (AWS::ElastiCache::ReplicationGroup, AWS::ElastiCache::CacheCluster)
  { id: "ElastiCache.1", title: "ElastiCache (Redis OSS) clusters should have automatic backups enabled", resourceTypes: ["aws_elasticache_replication_group"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-1" },
  { id: "ElastiCache.2", title: "ElastiCache clusters should have automatic minor version upgrades enabled", resourceTypes: ["aws_elasticache_replication_group"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-2" },
  { id: "ElastiCache.3", title: "ElastiCache replication groups should have automatic failover enabled", resourceTypes: ["aws_elasticache_replication_group"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-3" },
  { id: "ElastiCache.4", title: "ElastiCache replication groups should be encrypted at rest", resourceTypes: ["aws_elasticache_replication_group"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-4" },
  { id: "ElastiCache.5", title: "ElastiCache replication groups should be encrypted in transit", resourceTypes: ["aws_elasticache_replication_group"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-5" },
  { id: "ElastiCache.6", title: "ElastiCache (Redis OSS) replication groups of earlier versions should have Redis OSS AUTH enabled", resourceTypes: ["aws_elasticache_replication_group", "aws_elasticache_user_group"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-6" },
  { id: "ElastiCache.7", title: "ElastiCache clusters should not use the default subnet group", resourceTypes: ["aws_elasticache_replication_group", "aws_elasticache_subnet_group"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elasticache-controls.html#elasticache-7" },

  // ELB (AWS::ElasticLoadBalancingV2::LoadBalancer, AWS::ElasticLoadBalancingV2::Listener)
  { id: "ELB.1", title: "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS", resourceTypes: ["aws_lb", "aws_lb_listener", "aws_lb_listener_rule"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-1" },
  { id: "ELB.4", title: "Application Load Balancer should be configured to drop invalid http headers", resourceTypes: ["aws_lb"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-4" },
  { id: "ELB.5", title: "Application and Classic Load Balancers logging should be enabled", resourceTypes: ["aws_lb"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-5" },
  { id: "ELB.6", title: "Application, Gateway, and Network Load Balancers should have deletion protection enabled", resourceTypes: ["aws_lb"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-6" },
  { id: "ELB.12", title: "Application Load Balancer should be configured with defensive or strictest desync mitigation mode", resourceTypes: ["aws_lb"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-12" },
  { id: "ELB.13", title: "Application, Network and Gateway Load Balancers should span multiple Availability Zones", resourceTypes: ["aws_lb", "aws_subnet"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-13" },
  { id: "ELB.17", title: "Application and Network Load Balancers with listeners should use recommended security policies", resourceTypes: ["aws_lb_listener"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-17" },
  { id: "ELB.18", title: "Application and Network Load Balancer listeners should use secure protocols to encrypt data in transit", resourceTypes: ["aws_lb_listener"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-18" },

  // KMS (AWS::IAM::Role inline policies, AWS::KMS::Key)
  { id: "KMS.2", title: "IAM principals should not have IAM inline policies that allow decryption actions on all KMS keys", resourceTypes: ["aws_iam_role_policy", "aws_iam_role"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-2" },
  { id: "KMS.3", title: "AWS KMS keys should not be deleted unintentionally", resourceTypes: ["aws_kms_key"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-3" },
  { id: "KMS.5", title: "KMS keys should not be publicly accessible", resourceTypes: ["aws_kms_key"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/kms-controls.html#kms-5" },

  // RDS (AWS::RDS::DBInstance, AWS::RDS::DBProxy)
  { id: "RDS.2", title: "RDS DB Instances should prohibit public access, as determined by the PubliclyAccessible configuration", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2" },
  { id: "RDS.3", title: "RDS DB instances should have encryption at-rest enabled", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-3" },
  { id: "RDS.5", title: "RDS DB instances should be configured with multiple Availability Zones", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-5" },
  { id: "RDS.6", title: "Enhanced monitoring should be configured for RDS DB instances", resourceTypes: ["aws_db_instance", "aws_iam_role"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-6" },
  { id: "RDS.8", title: "RDS DB instances should have deletion protection enabled", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-8" },
  { id: "RDS.9", title: "RDS DB instances should publish logs to CloudWatch Logs", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-9" },
  { id: "RDS.10", title: "IAM authentication should be configured for RDS instances", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-10" },
  { id: "RDS.11", title: "RDS instances should have automatic backups enabled", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-11" },
  { id: "RDS.13", title: "RDS automatic minor version upgrades should be enabled", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-13" },
  { id: "RDS.17", title: "RDS DB instances should be configured to copy tags to snapshots", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-17" },
  { id: "RDS.23", title: "RDS instances should not use a database engine default port", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-23" },
  { id: "RDS.25", title: "RDS database instances should use a custom administrator username", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-25" },
  { id: "RDS.36", title: "RDS for PostgreSQL DB instances should publish logs to CloudWatch Logs", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-36" },
  { id: "RDS.40", title: "RDS for SQL Server DB instances should publish logs to CloudWatch Logs", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-40" },
  { id: "RDS.41", title: "RDS for SQL Server DB instances should be encrypted in transit", resourceTypes: ["aws_db_instance", "aws_db_parameter_group"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-41" },
  { id: "RDS.42", title: "RDS for MariaDB DB instances should publish logs to CloudWatch Logs", resourceTypes: ["aws_db_instance"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-42" },
  { id: "RDS.43", title: "RDS DB proxies should require TLS encryption for connections", resourceTypes: ["aws_db_proxy"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-43" },
  { id: "RDS.44", title: "RDS for MariaDB DB instances should be encrypted in transit", resourceTypes: ["aws_db_instance", "aws_db_parameter_group"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-44" },
  { id: "RDS.46", title: "RDS DB instances should not be deployed in public subnets with routes to internet gateways", resourceTypes: ["aws_db_instance", "aws_db_subnet_group", "aws_subnet", "aws_route_table", "aws_route", "aws_route_table_association", "aws_internet_gateway"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-46" },

  // S3 (AWS::S3::Bucket)
  { id: "S3.2", title: "S3 general purpose buckets should block public read access", resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_public_access_block", "aws_s3_bucket_policy", "aws_s3_bucket_ownership_controls"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-2" },
  { id: "S3.3", title: "S3 general purpose buckets should block public write access", resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_public_access_block", "aws_s3_bucket_policy", "aws_s3_bucket_ownership_controls"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-3" },
  { id: "S3.5", title: "S3 general purpose buckets should require requests to use SSL", resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_policy"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-5" },
  { id: "S3.6", title: "S3 general purpose bucket policies should restrict access to other AWS accounts", resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_policy"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-6" },
  { id: "S3.8", title: "S3 general purpose buckets should block public access", resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_public_access_block"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-8" },
  { id: "S3.9", title: "S3 general purpose buckets should have server access logging enabled", resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_logging"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-9" },
  { id: "S3.12", title: "ACLs should not be used to manage user access to S3 general purpose buckets", resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_ownership_controls"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-12" },
  { id: "S3.13", title: "S3 general purpose buckets should have Lifecycle configurations", resourceTypes: ["aws_s3_bucket", "aws_s3_bucket_lifecycle_configuration"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-13" },

  // Secrets Manager (AWS::SecretsManager::Secret)
  { id: "SecretsManager.1", title: "Secrets Manager secrets should have automatic rotation enabled", resourceTypes: ["aws_secretsmanager_secret"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-1" },
  { id: "SecretsManager.2", title: "Secrets Manager secrets configured with automatic rotation should rotate successfully", resourceTypes: ["aws_secretsmanager_secret"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-2" },
  { id: "SecretsManager.3", title: "Remove unused Secrets Manager secrets", resourceTypes: ["aws_secretsmanager_secret"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-3" },
  { id: "SecretsManager.4", title: "Secrets Manager secrets should be rotated within a specified number of days", resourceTypes: ["aws_secretsmanager_secret"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/secretsmanager-controls.html#secretsmanager-4" },

  // SNS (AWS::SNS::Topic)
  { id: "SNS.4", title: "SNS topic access policies should not allow public access", resourceTypes: ["aws_sns_topic", "aws_sns_topic_policy"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/sns-controls.html#sns-4" },

  // WAF (AWS::WAFv2::WebACL)
  { id: "WAF.10", title: "AWS WAF web ACLs should have at least one rule or rule group", resourceTypes: ["aws_wafv2_web_acl"], source: "https://docs.aws.amazon.com/securityhub/latest/userguide/waf-controls.html#waf-10" },
];
